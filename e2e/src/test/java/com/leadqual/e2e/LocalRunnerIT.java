package com.leadqual.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The local runner end to end, started as README.md says ({@code ./run}, in memory, free ports, failed SQS
 * messages retried after 1 s instead of the queue's 90 s so redrive is seen quickly): a form posted over HTTP
 * reaches the real handlers in their own JVMs, the state item appears in DynamoDB and on its stream, a poison
 * message reaches the dead-letter queue after maxReceiveCount receives, schedules fire, and Ctrl-C leaves nothing
 * running. The measured figures go to target/local-runner-figures.txt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalRunnerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration SCORED_WITHIN = Duration.ofSeconds(60);

    private static RunnerProcess runner;
    private static DynamoDbClient dynamo;
    private static DynamoDbStreamsClient streams;
    private static SqsClient sqs;

    @BeforeAll
    static void startTheRunner() throws Exception {
        runner = RunnerProcess.start("--in-memory", "--sqs-retry-after", "1");
        figure("start-up, ./run to Ready (in memory, built, first of this suite): " + runner.startUp().toMillis()
                + " ms");
        dynamo = runner.dynamo();
        streams = runner.streams();
        sqs = runner.sqs();
    }

    @AfterAll
    static void stopTheRunner() {
        if (runner != null) {
            runner.close();
        }
    }

    private static void figure(String line) {
        Figures.record(line);
    }

    static HttpResponse<String> postForm(RunnerProcess r, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(r.api.resolve("/forms")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, AttributeValue> state(DynamoDbClient client, String email) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName("LeadsTable").consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("LEAD#" + email), "sk", AttributeValue.fromS("STATE")))).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private static List<Record> streamRecords() {
        String arn = dynamo.describeTable(b -> b.tableName("LeadsTable")).table().latestStreamArn();
        List<Record> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
            String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String it = iterator;
                var page = streams.getRecords(b -> b.shardIterator(it));
                records.addAll(page.records());
                if (page.records().isEmpty()) {
                    break;
                }
                iterator = page.nextShardIterator();
            }
        }
        return records;
    }

    @Test
    @Order(1)
    void aPostedFormIsScoredIntoTheStateItemAndTheStream() throws Exception {
        String email = "vp-" + UUID.randomUUID().toString().substring(0, 8) + "@northwind-analytics.com";
        Instant posted = Instant.now();
        HttpResponse<String> r = postForm(runner, "{\"email\":\"" + email + "\",\"formType\":\"demo_request\","
                + "\"jobTitle\":\"VP of Marketing\",\"companySize\":\"250\",\"industry\":\"software\","
                + "\"country\":\"US\",\"consent\":true}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.headers().firstValue("apigw-requestid")).isPresent();
        AtomicReference<Map<String, AttributeValue>> state = new AtomicReference<>();
        await().atMost(SCORED_WITHIN).pollInterval(Duration.ofMillis(50))
                .until(() -> state.updateAndGet(s -> s != null ? s : state(dynamo, email)) != null);
        assertThat(state.get().get("stage").s()).isEqualTo("SQL");
        assertThat(state.get().get("grade").s()).isEqualTo("A");
        assertThat(state.get().get("eventCount").n()).isEqualTo("1");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> streamRecords()
                .stream().anyMatch(rec -> rec.dynamodb().keys().get("pk").s().equals("LEAD#" + email)
                        && rec.dynamodb().keys().get("sk").s().equals("STATE")));
        figure("POST -> scored state, first form of the suite (cold function JVMs): "
                + Duration.between(posted, Instant.parse(state.get().get("scoredAt").s())).toMillis() + " ms");
    }

    @Test
    @Order(2)
    void warmPostToScoredStateMedianOverTwentyForms() throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String email = "probe-" + i + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
            Instant posted = Instant.now();
            assertThat(postForm(runner, "{\"email\":\"" + email + "\",\"formType\":\"newsletter\",\"consent\":true}")
                    .statusCode()).isEqualTo(202);
            AtomicReference<Map<String, AttributeValue>> state = new AtomicReference<>();
            await().atMost(SCORED_WITHIN).pollInterval(Duration.ofMillis(20))
                    .until(() -> state.updateAndGet(s -> s != null ? s : state(dynamo, email)) != null);
            millis.add(Duration.between(posted, Instant.parse(state.get().get("scoredAt").s())).toMillis());
        }
        List<Long> sorted = millis.stream().sorted().toList();
        figure("POST -> scored state, 20 sequential forms (warm): median " + sorted.get(10) + " ms, min "
                + sorted.get(0) + " ms, max " + sorted.get(19) + " ms");
        assertThat(sorted).hasSize(20);
    }

    @Test
    @Order(3)
    void aPoisonMessageLandsInTheDeadLetterQueueAfterMaxReceiveCountReceives() {
        String queue = sqs.getQueueUrl(b -> b.queueName("RescoreQueue")).queueUrl();
        String deadLetters = sqs.getQueueUrl(b -> b.queueName("RescoreDeadLetterQueue")).queueUrl();
        String body = "not a rescore request " + UUID.randomUUID();
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body));

        AtomicReference<Message> dead = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(deadLetters).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages()) {
                if (m.body().equals(body)) {
                    dead.set(m);
                }
            }
            return dead.get() != null;
        });
        // template.yaml: RescoreQueue RedrivePolicy maxReceiveCount 5; the DLQ keeps counting receives.
        assertThat(Integer.parseInt(dead.get().attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)))
                .isGreaterThanOrEqualTo(5);
        assertThat(runner.output).anyMatch(line -> line.contains("rescore message unreadable"));
    }

    @Test
    @Order(4)
    void schedulesFireNowEnabledOrNot() throws Exception {
        JsonNode due = JSON.readTree(runner.command("fire", "ScheduleRescoreFunction.DueLeads")
                .replaceFirst("(?s)^.*?-> ", ""));
        JsonNode rulesChanged = JSON.readTree(runner.command("fire", "ScheduleRescoreFunction.RulesChanged")
                .replaceFirst("(?s)^.*?-> ", ""));

        assertThat(due.path("mode").asText()).isEqualTo("due");
        assertThat(rulesChanged.path("mode").asText()).as("the template's Input of the disabled schedule")
                .isEqualTo("rules-changed");
    }

    @Test
    @Order(5)
    void aPlainHtmlFormIsRedirectedAndAnUnknownRouteIsApiGateways404() throws Exception {
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(runner.api.resolve("/forms"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("origin", "http://localhost:" + runner.apiPort())
                .POST(HttpRequest.BodyPublishers.ofString("email=sam%40contoso-logistics.com&formType=content_download"
                        + "&consent=on&website=&redirect=http%3A%2F%2Flocalhost%3A" + runner.apiPort() + "%2Fthanks"))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(runner.api.resolve("/nope"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(form.statusCode()).as(form.body()).isEqualTo(303);
        assertThat(form.headers().firstValue("location")).hasValue("http://localhost:" + runner.apiPort() + "/thanks");
        assertThat(form.headers().firstValue("access-control-allow-origin"))
                .hasValue("http://localhost:" + runner.apiPort());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"message\":\"Not Found\"}");
    }

    @Test
    @Order(6)
    void theStageChangeReachesTheHandoffWebhookAndTheKeyedReadApiAnswersWithTheKeyOnly() throws Exception {
        String email = "cro-" + UUID.randomUUID().toString().substring(0, 8) + "@brightloop.io";
        assertThat(postForm(runner, "{\"email\":\"" + email + "\",\"formType\":\"contact_sales\",\"jobTitle\":\"CRO\","
                + "\"industry\":\"saas\",\"companySize\":\"1200\",\"consent\":true}").statusCode()).isEqualTo(202);
        await().atMost(SCORED_WITHIN).until(() -> state(dynamo, email) != null);
        String leadId = JSON.readTree(HTTP.send(HttpRequest.newBuilder(runner.api.resolve("/leads/" + email.replace("@",
                "%40"))).header("x-api-key", "local-api-key").GET().build(), HttpResponse.BodyHandlers.ofString())
                .body()).path("leadId").asText();
        HttpResponse<String> keyless = HTTP.send(HttpRequest.newBuilder(runner.api.resolve("/leads/"
                + email.replace("@", "%40"))).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(leadId).startsWith("lead#");
        assertThat(keyless.statusCode()).isEqualTo(403);
        assertThat(keyless.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> runner.output.stream().anyMatch(line ->
                line.startsWith("webhook crm received: lead.stage_changed " + leadId + " LEAD -> SQL")));
    }

    @Test
    @Order(7)
    void noRequestLineOrFunctionLogCarriesAnEmail() {
        assertThat(runner.output).noneMatch(line -> line.contains("@northwind-analytics.com")
                || line.contains("@example.org") || line.contains("sam@contoso-logistics.com")
                || line.contains("@brightloop.io"));
    }

    @Test
    @Order(8)
    void ctrlCStopsEverythingAndLeavesNoFunctionJvmBehind() throws Exception {
        List<ProcessHandle> children = runner.process.descendants().toList();
        assertThat(children).as("function JVMs ran").isNotEmpty();
        String signal = runner.receivesSigint() ? "INT" : "TERM";
        figure("shutdown signal: SIG" + signal + (signal.equals("TERM")
                ? " (this test's process inherited SIGINT as ignored; a terminal's Ctrl-C is SIGINT)" : ""));
        runner.signal(signal);

        assertThat(runner.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as(runner.printed()).isTrue();
        assertThat(runner.output).contains("Stopped.");
        await().atMost(Duration.ofSeconds(10)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }
}
