package com.leadqual.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/** Lambda's stream event source semantics, with an invoker standing in for the function. */
class StreamEventSourceTest {
    private static final String TEMPLATE = """
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
                  KeySchema: [{AttributeName: pk, KeyType: HASH}]
                  StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}
              Failures:
                Type: AWS::SQS::Queue
              Follower:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: a.B::c
                  Events:
                    Changes:
                      Type: DynamoDB
                      Properties:
                        Stream: !GetAtt Table.StreamArn
                        StartingPosition: TRIM_HORIZON
                        BatchSize: 8
                        BisectBatchOnFunctionError: true
                        MaximumRetryAttempts: 2
                        MaximumRecordAgeInSeconds: 3600
                        FunctionResponseTypes: [ReportBatchItemFailures]
                        DestinationConfig: {OnFailure: {Destination: !GetAtt Failures.Arn}}
                        FilterCriteria:
                          Filters:
                            - Pattern: '{"eventName":["INSERT"]}'
            """;

    private static LocalAws aws;
    private static SamTemplate template;
    private static LocalNames names;
    private static SamTemplate.StreamEvent changes;

    /** Every invocation's records, by pk, in order. */
    private final List<List<String>> invocations = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        aws = LocalAws.start(LocalAws.Options.inMemory());
        template = SamTemplate.parse(TEMPLATE, "test");
        names = LocalResources.provision(template, aws);
        changes = (SamTemplate.StreamEvent) template.functions(names).get(0).events().get("Changes");
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @BeforeEach
    void emptyFailureQueue() {
        aws.sqs().purgeQueue(b -> b.queueUrl(names.queueUrl("Failures")));
    }

    private StreamEventSource source(SamTemplate.StreamEvent definition, SqsEventSource.Invoker invoker, Clock clock) {
        StreamEventSource source = new StreamEventSource(definition, "Follower", aws, names, null, event -> {
            List<String> keys = new ArrayList<>();
            StreamRecords.parse(event).path("Records").forEach(r -> keys.add(r.path("dynamodb").path("Keys")
                    .path("pk").path("S").asText()));
            invocations.add(keys);
            return invoker.invoke(event);
        }, clock);
        source.skipToEnd(); // only this test's records
        return source;
    }

    private StreamEventSource source(SqsEventSource.Invoker invoker) {
        return source(changes, invoker, Clock.systemUTC());
    }

    private static List<String> put(String prefix, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String pk = prefix + "-" + i;
            aws.dynamoDb().putItem(b -> b.tableName("Table").item(Map.of("pk", AttributeValue.fromS(pk))));
            keys.add(pk);
        }
        return keys;
    }

    private List<JsonNode> failureRecords() {
        List<JsonNode> out = new ArrayList<>();
        for (Message m : aws.sqs().receiveMessage(b -> b.queueUrl(names.queueUrl("Failures"))
                .maxNumberOfMessages(10).waitTimeSeconds(0)).messages()) {
            out.add(StreamRecords.parse(m.body()));
        }
        return out;
    }

    private List<String> succeeded(Map<String, AtomicInteger> successes) {
        List<String> out = new ArrayList<>();
        successes.forEach((k, v) -> {
            for (int i = 0; i < v.get(); i++) {
                out.add(k);
            }
        });
        return out;
    }

    @Test
    void invokesWithBatchesOfMatchingRecordsInLambdasShape() throws Exception {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        StreamEventSource source = source(event -> {
            events.add(StreamRecords.parse(event));
            return "{\"batchItemFailures\":[]}";
        });
        List<String> keys = put("shape", 10);
        aws.dynamoDb().putItem(b -> b.tableName("Table").item(Map.of("pk", AttributeValue.fromS("shape-0"),
                "changed", AttributeValue.fromBool(true)))); // a MODIFY: filtered out

        StreamEventSource.Poll poll = source.pollOnce();

        assertThat(poll.recordsRead()).isEqualTo(11);
        assertThat(poll.recordsMatched()).isEqualTo(10);
        assertThat(poll.blocked()).isFalse();
        assertThat(invocations).allMatch(batch -> batch.size() <= 8);
        assertThat(invocations.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(keys);
        JsonNode record = events.get(0).path("Records").get(0);
        assertThat(record.path("eventName").asText()).isEqualTo("INSERT");
        assertThat(record.path("eventSource").asText()).isEqualTo("aws:dynamodb");
        assertThat(record.path("eventSourceARN").asText()).isEqualTo(names.streamArn("Table"));
        assertThat(record.path("dynamodb").path("SequenceNumber").asText()).isNotBlank();
        assertThat(record.path("dynamodb").path("NewImage").path("pk").path("S").asText()).isEqualTo("shape-0");
        assertThat(source.pollOnce().recordsRead()).as("the position moved past everything").isZero();
    }

    @Test
    void aReportedFailureRetriesFromTheLowestReportedRecordOnly() throws Exception {
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        StreamEventSource source = source(event -> {
            List<JsonNode> records = new ArrayList<>();
            StreamRecords.parse(event).path("Records").forEach(records::add);
            records.forEach(r -> attempts.computeIfAbsent(pk(r), k -> new AtomicInteger()).incrementAndGet());
            // the 3rd and 5th record fail on their first delivery
            List<String> failed = records.stream().filter(r -> attempts.get(pk(r)).get() == 1)
                    .filter(r -> pk(r).endsWith("-2") || pk(r).endsWith("-4"))
                    .map(r -> "{\"itemIdentifier\":\"" + r.path("dynamodb").path("SequenceNumber").asText() + "\"}")
                    .toList();
            return "{\"batchItemFailures\":[" + String.join(",", failed) + "]}";
        });
        put("partial", 6);

        StreamEventSource.Poll poll = source.pollOnce();

        assertThat(invocations).containsExactly(
                List.of("partial-0", "partial-1", "partial-2", "partial-3", "partial-4", "partial-5"),
                List.of("partial-2", "partial-3", "partial-4", "partial-5"));
        assertThat(poll.recordsDiscarded()).isZero();
        assertThat(failureRecords()).isEmpty();
    }

    @Test
    void aFunctionErrorIsBisectedUntilThePoisonRecordIsAloneAndOnlyItReachesTheOnFailureQueue() throws Exception {
        Map<String, AtomicInteger> successes = new ConcurrentHashMap<>();
        StreamEventSource source = source(event -> {
            JsonNode records = StreamRecords.parse(event).path("Records");
            for (JsonNode r : records) {
                if (pk(r).equals("bisect-5")) {
                    throw new IllegalStateException("poison");
                }
            }
            records.forEach(r -> successes.computeIfAbsent(pk(r), k -> new AtomicInteger()).incrementAndGet());
            return null;
        });
        List<String> keys = put("bisect", 8);

        StreamEventSource.Poll poll = source.pollOnce();

        assertThat(succeeded(successes)).as("every other record succeeded exactly once")
                .containsExactlyInAnyOrderElementsOf(keys.stream().filter(k -> !k.equals("bisect-5")).toList());
        assertThat(invocations).containsExactly(
                keys,
                keys.subList(0, 4), keys.subList(4, 8),
                keys.subList(4, 6), List.of("bisect-4"),
                List.of("bisect-5"), List.of("bisect-5"), List.of("bisect-5"),
                keys.subList(6, 8));
        assertThat(poll.recordsDiscarded()).isEqualTo(1);
        List<JsonNode> failures = failureRecords();
        assertThat(failures).hasSize(1);
        JsonNode failure = failures.get(0);
        assertThat(failure.path("requestContext").path("condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(failure.path("requestContext").path("approximateInvokeCount").asInt()).isEqualTo(3);
        assertThat(failure.path("requestContext").path("functionArn").asText()).endsWith(":function:Follower");
        assertThat(failure.path("responseContext").path("functionError").asText()).isEqualTo("Unhandled");
        JsonNode info = failure.path("DDBStreamBatchInfo");
        assertThat(info.path("batchSize").asInt()).isEqualTo(1);
        assertThat(info.path("startSequenceNumber").asText()).isEqualTo(info.path("endSequenceNumber").asText())
                .isNotBlank();
        assertThat(info.path("shardId").asText()).startsWith("shardId-");
        assertThat(info.path("streamArn").asText()).isEqualTo(names.streamArn("Table"));
        assertThat(failure.toString()).as("a pointer, not the record").doesNotContain("bisect-5");
        assertThat(source.pollOnce().recordsRead()).as("given up on, so skipped").isZero();
    }

    @Test
    void withUnboundedRetriesAFailingBatchBlocksTheShardAndKeepsWhatSucceeded() throws Exception {
        SamTemplate.StreamEvent unbounded = new SamTemplate.StreamEvent(changes.name(), changes.tableId(),
                changes.startingPosition(), changes.batchSize(), 0, changes.filterPatterns(),
                changes.functionResponseTypes(), true, false, -1, -1, changes.onFailureQueueId());
        AtomicInteger broken = new AtomicInteger(1);
        StreamEventSource source = source(unbounded, event -> {
            List<String> failed = new ArrayList<>();
            StreamRecords.parse(event).path("Records").forEach(r -> {
                if (pk(r).equals("blocked-1") && broken.get() == 1) {
                    failed.add("{\"itemIdentifier\":\"" + r.path("dynamodb").path("SequenceNumber").asText() + "\"}");
                }
            });
            return "{\"batchItemFailures\":[" + String.join(",", failed) + "]}";
        }, Clock.systemUTC());
        put("blocked", 3);

        assertThat(source.pollOnce().blocked()).isTrue();
        assertThat(source.pollOnce().blocked()).isTrue();
        broken.set(0);
        StreamEventSource.Poll poll = source.pollOnce();

        assertThat(poll.blocked()).isFalse();
        assertThat(invocations).containsExactly(List.of("blocked-0", "blocked-1", "blocked-2"),
                List.of("blocked-1", "blocked-2"), List.of("blocked-1", "blocked-2"));
        assertThat(failureRecords()).isEmpty();
    }

    @Test
    void recordsOlderThanTheAgeLimitAreDiscardedWithoutAnInvocation() throws Exception {
        Clock twoHoursLater = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
        StreamEventSource source = source(changes, event -> null, twoHoursLater);
        put("old", 2);

        StreamEventSource.Poll poll = source.pollOnce();

        assertThat(invocations).isEmpty();
        assertThat(poll.recordsDiscarded()).isEqualTo(2);
        List<JsonNode> failures = failureRecords();
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).path("requestContext").path("condition").asText()).isEqualTo("RecordAgeExceeded");
        assertThat(failures.get(0).path("DDBStreamBatchInfo").path("batchSize").asInt()).isEqualTo(2);
    }

    @Test
    void whenTheOnFailureQueueRefusesThePositionStaysAndTheRecordsAreTriedAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        StreamEventSource source = source(event -> {
            calls.incrementAndGet();
            throw new IllegalStateException("always");
        });
        put("refused", 1);
        String queueUrl = names.queueUrl("Failures");
        aws.sqs().deleteQueue(b -> b.queueUrl(queueUrl));
        try {
            assertThatThrownBy(source::pollOnce).isNotNull();
        } finally {
            assertThat(LocalResources.provision(template, aws).queueUrl("Failures")).isEqualTo(queueUrl);
        }
        assertThat(calls.get()).isEqualTo(3);

        StreamEventSource.Poll poll = source.pollOnce();

        assertThat(calls.get()).isEqualTo(6);
        assertThat(poll.recordsDiscarded()).isEqualTo(1);
        assertThat(failureRecords()).hasSize(1);
    }

    private static String pk(JsonNode record) {
        return record.path("dynamodb").path("Keys").path("pk").path("S").asText();
    }
}
