package com.leadqual.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** The template's security and operability promises, read from template.yaml itself. */
class TemplateSecurityIT {
    private final Map<String, Object> template = template();
    @SuppressWarnings("unchecked")
    private final Map<String, Map<String, Object>> resources = (Map<String, Map<String, Object>>) template.get("Resources");

    private static Map<String, Object> template() {
        try {
            return new Yaml(new CloudFormationTags()).load(Files.readString(Stack.TEMPLATE));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads !Ref, !GetAtt, !Sub... as {"!Ref": value}, which is all these checks need. */
    private static final class CloudFormationTags extends SafeConstructor {
        CloudFormationTags() {
            super(new LoaderOptions());
            for (String tag : List.of("!Ref", "!GetAtt", "!Sub", "!Join", "!Select", "!If", "!Not", "!Equals", "!Split")) {
                yamlConstructors.put(new org.yaml.snakeyaml.nodes.Tag(tag), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value = node instanceof ScalarNode scalar ? scalar.getValue()
                                : node instanceof SequenceNode seq ? constructSequence(seq)
                                : constructMapping((MappingNode) node);
                        return Map.of(tag, value);
                    }
                });
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
    }

    private List<String> ofType(String type) {
        return resources.entrySet().stream().filter(e -> type.equals(e.getValue().get("Type"))).map(Map.Entry::getKey)
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static void collectStatements(Object node, List<Map<String, Object>> out) {
        if (node instanceof Map<?, ?> map) {
            if (map.containsKey("Effect") && map.containsKey("Action")) {
                out.add((Map<String, Object>) map);
            }
            map.values().forEach(v -> collectStatements(v, out));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectStatements(v, out));
        }
    }

    @Test
    void noPolicyGrantsAWildcardActionOrResourceOnData() {
        List<Map<String, Object>> statements = new ArrayList<>();
        collectStatements(resources, statements);
        assertThat(statements).isNotEmpty();
        for (Map<String, Object> statement : statements) {
            Object actions = statement.get("Action");
            List<?> list = actions instanceof List<?> l ? l : List.of(actions);
            assertThat(list).as("actions").noneMatch(a -> String.valueOf(a).contains("*"));
            Object resource = statement.get("Resource");
            if (resource != null) {
                List<?> targets = resource instanceof List<?> l ? l : List.of(resource);
                assertThat(targets).as("resources of " + list).noneMatch("*"::equals);
            }
        }
    }

    /**
     * For SQS and DynamoDB stream event sources SAM attaches AWS-managed policies whose resource is "*" (every queue,
     * every stream of the account) to the role it generates; those functions bring their own role instead, which
     * grants the event source's actions on the one source they read.
     */
    @Test
    void functionsReadingAQueueOrAStreamHaveTheirOwnRoleScopedToThatSource() {
        Map<String, List<String>> sourceActions = Map.of(
                "SQS", List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
                "DynamoDB", List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"));
        int checked = 0;
        for (Map.Entry<String, List<String>> source : sourceActions.entrySet()) {
            for (Map.Entry<String, Map<String, Object>> event : events(source.getKey())) {
                Map<String, Object> function = props(resources.get(event.getKey()));
                assertThat(function).as(event.getKey() + " has its own role").containsKey("Role")
                        .doesNotContainKey("Policies");
                String role = String.valueOf(map(function.get("Role")).get("!GetAtt")).replace(".Arn", "");
                assertThat(resources.get(role)).as(role).isNotNull();
                Object sourceRef = event.getValue().get(source.getKey().equals("SQS") ? "Queue" : "Stream");
                List<Map<String, Object>> statements = new ArrayList<>();
                collectStatements(props(resources.get(role)).get("Policies"), statements);
                for (String action : source.getValue()) {
                    assertThat(statements).as(role + " allows " + action + " on " + sourceRef).anyMatch(st ->
                            String.valueOf(st.get("Action")).contains(action)
                                    && String.valueOf(st.get("Resource")).equals(String.valueOf(sourceRef)));
                }
                checked++;
            }
        }
        assertThat(checked).as("the rescore queue and the handoff stream").isEqualTo(2);
    }

    @Test
    void theTableIsEncryptedRecoverableRetainedAndStreams() {
        for (String table : ofType("AWS::DynamoDB::Table")) {
            Map<String, Object> resource = resources.get(table);
            Map<String, Object> p = props(resource);
            assertThat(resource.get("DeletionPolicy")).isEqualTo("Retain");
            assertThat(p.get("SSESpecification")).isEqualTo(Map.of("SSEEnabled", true));
            assertThat(p.get("PointInTimeRecoverySpecification")).isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
            assertThat(p.get("StreamSpecification")).isEqualTo(Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"));
        }
    }

    @Test
    void everyQueueIsEncryptedAndEveryDeadLetterQueueHasAnAlarm() {
        List<Map<String, Object>> alarms = ofType("AWS::CloudWatch::Alarm").stream().map(a -> props(resources.get(a)))
                .toList();
        for (String queue : ofType("AWS::SQS::Queue")) {
            Map<String, Object> p = props(resources.get(queue));
            assertThat(Boolean.TRUE.equals(p.get("SqsManagedSseEnabled")) || p.containsKey("KmsMasterKeyId"))
                    .as(queue + " is encrypted").isTrue();
            boolean deadLetter = resources.values().stream().anyMatch(r -> String.valueOf(r).contains(
                    "deadLetterTargetArn={!GetAtt=" + queue + ".Arn}") || String.valueOf(r).contains(
                    "DeadLetterConfig={Arn={!GetAtt=" + queue + ".Arn}}") || String.valueOf(r).contains(
                    "Destination={!GetAtt=" + queue + ".Arn}"));
            if (deadLetter) {
                assertThat(alarms).as(queue + " has a messages-visible alarm").anyMatch(a ->
                        "ApproximateNumberOfMessagesVisible".equals(a.get("MetricName"))
                                && String.valueOf(a.get("Dimensions")).contains(queue + ".QueueName"));
            }
        }
        assertThat(alarms).as("the rescore queue's age is watched").anyMatch(a ->
                "ApproximateAgeOfOldestMessage".equals(a.get("MetricName"))
                        && String.valueOf(a.get("Dimensions")).contains("RescoreQueue.QueueName"));
    }

    @Test
    void everyFunctionHasErrorAndThrottleAlarms() {
        List<Map<String, Object>> alarms = ofType("AWS::CloudWatch::Alarm").stream().map(a -> props(resources.get(a)))
                .toList();
        for (String function : ofType("AWS::Serverless::Function")) {
            for (String metric : List.of("Errors", "Throttles")) {
                assertThat(alarms).as(function + " " + metric).anyMatch(a -> metric.equals(a.get("MetricName"))
                        && String.valueOf(a.get("Dimensions")).contains("{!Ref=" + function + "}")
                        && a.containsKey("AlarmActions"));
            }
        }
    }

    @Test
    void everyApiIsThrottled() {
        for (String api : ofType("AWS::Serverless::HttpApi")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> route = (Map<String, Object>) props(resources.get(api)).get("DefaultRouteSettings");
            assertThat(route).as(api).containsKeys("ThrottlingRateLimit", "ThrottlingBurstLimit");
        }
        for (String api : ofType("AWS::Serverless::Api")) {
            assertThat(String.valueOf(props(resources.get(api)))).as(api).contains("Throttl");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Every event of type {@code type} of every function, with the function's logical id. */
    private List<Map.Entry<String, Map<String, Object>>> events(String type) {
        List<Map.Entry<String, Map<String, Object>>> out = new ArrayList<>();
        for (String function : ofType("AWS::Serverless::Function")) {
            for (Object event : map(props(resources.get(function)).get("Events")).values()) {
                if (type.equals(map(event).get("Type"))) {
                    out.add(Map.entry(function, map(map(event).get("Properties"))));
                }
            }
        }
        return out;
    }

    @Test
    void everyRouteOfTheRestApiNeedsAnApiKeyOfAUsagePlan() {
        List<String> apis = ofType("AWS::Serverless::Api");
        assertThat(apis).isNotEmpty();
        for (String api : apis) {
            assertThat(map(props(resources.get(api)).get("Auth")).get("ApiKeyRequired")).as(api + " requires keys")
                    .isEqualTo(true);
            List<String> plans = ofType("AWS::ApiGateway::UsagePlan").stream().filter(plan ->
                    String.valueOf(props(resources.get(plan)).get("ApiStages")).contains("ApiId={!Ref=" + api + "}"))
                    .toList();
            assertThat(plans).as(api + " is in a usage plan").isNotEmpty();
            assertThat(plans).allSatisfy(plan -> assertThat(map(props(resources.get(plan)).get("Throttle")))
                    .containsKeys("RateLimit", "BurstLimit"));
            assertThat(ofType("AWS::ApiGateway::UsagePlanKey")).as("the plan has a key").anyMatch(key ->
                    plans.stream().anyMatch(plan -> String.valueOf(props(resources.get(key)).get("UsagePlanId"))
                            .equals("{!Ref=" + plan + "}")));
        }
        List<Map.Entry<String, Map<String, Object>>> routes = events("Api");
        assertThat(routes).extracting(r -> r.getValue().get("Method") + " " + r.getValue().get("Path"))
                .containsExactlyInAnyOrder("GET /leads/{email}", "DELETE /leads/{email}");
        for (Map.Entry<String, Map<String, Object>> route : routes) {
            assertThat(apis).as(route.getKey() + " is on a keyed API, not SAM's implicit one")
                    .anyMatch(api -> String.valueOf(route.getValue().get("RestApiId")).equals("{!Ref=" + api + "}"));
            assertThat(map(route.getValue().get("Auth")).get("ApiKeyRequired")).as(route.getKey()
                    + " does not opt out of the key").isNotEqualTo(false);
        }
    }

    @Test
    void secretsAreNoEchoParametersAndWebhookUrlsMustBeHttps() {
        Map<String, Object> parameters = map(template.get("Parameters"));
        for (String secret : List.of("ZoomWebhookSecretToken", "HandoffSigningSecret")) {
            assertThat(map(parameters.get(secret))).as(secret).containsEntry("NoEcho", true)
                    .doesNotContainKey("Default");
        }
        assertThat((Integer) map(parameters.get("HandoffSigningSecret")).get("MinLength")).isGreaterThanOrEqualTo(32);
        String pattern = String.valueOf(map(parameters.get("HandoffWebhookUrls")).get("AllowedPattern"));
        java.util.regex.Pattern urls = java.util.regex.Pattern.compile(pattern);
        assertThat(urls.matcher("https://crm.example.com/hook,https://hooks.slack.com/services/T/B/x").matches())
                .isTrue();
        for (String refused : List.of("http://crm.example.com/hook", "https://a.example.com/h,http://b.example.com/h",
                "", "ftp://crm.example.com")) {
            assertThat(urls.matcher(refused).matches()).as(refused).isFalse();
        }
    }

    @Test
    void theHandoffsQueuesAreWatchedAndItsStreamSourceKeepsWhatItGivesUpOn() {
        List<Map<String, Object>> alarms = ofType("AWS::CloudWatch::Alarm").stream().map(a -> props(resources.get(a)))
                .toList();
        for (String queue : List.of("HandoffUndeliveredQueue", "HandoffFailureQueue")) {
            assertThat(alarms).as(queue + " has a messages-visible alarm").anyMatch(a ->
                    "ApproximateNumberOfMessagesVisible".equals(a.get("MetricName"))
                            && String.valueOf(a.get("Dimensions")).contains(queue + ".QueueName"));
        }
        assertThat(alarms).as("the handoff's lag behind the stream is watched").anyMatch(a ->
                "IteratorAge".equals(a.get("MetricName"))
                        && String.valueOf(a.get("Dimensions")).contains("{!Ref=HandoffFunction}"));
        List<Map.Entry<String, Map<String, Object>>> streams = events("DynamoDB");
        assertThat(streams).isNotEmpty();
        for (Map.Entry<String, Map<String, Object>> stream : streams) {
            assertThat(String.valueOf(stream.getValue().get("DestinationConfig"))).as(stream.getKey())
                    .contains("Destination={!GetAtt=");
            assertThat(stream.getValue().get("MaximumRetryAttempts")).as(stream.getKey() + " retries are bounded")
                    .isInstanceOf(Integer.class).isNotEqualTo(-1);
        }
    }
}
