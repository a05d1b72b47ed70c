package com.leadqual.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Provisions the repo's real template.yaml into LocalAws and runs its pipe. */
class ProvisionAndPipeTest {
    static LocalAws aws;
    static SamTemplate template;
    static LocalNames names;

    @BeforeAll
    static void start() {
        aws = LocalAws.start(LocalAws.Options.inMemory());
        template = SamTemplate.load(SamTemplateTest.REPO_TEMPLATE);
        names = LocalResources.provision(template, aws);
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @BeforeEach
    void emptyQueues() {
        names.queueUrls().values().forEach(url -> aws.sqs().purgeQueue(b -> b.queueUrl(url)));
    }

    @Test
    void tableHasIndexesStreamAndTtl() {
        TableDescription t = aws.dynamoDb().describeTable(b -> b.tableName("LeadsTable")).table();
        assertThat(t.keySchema()).extracting(k -> k.attributeName()).containsExactly("pk", "sk");
        assertThat(t.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
                .containsExactlyInAnyOrder("DueIndex", "RulesVersionIndex");
        assertThat(t.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(names.streamArn("LeadsTable")).isEqualTo(t.latestStreamArn()).isNotBlank();
        var ttl = aws.dynamoDb().describeTimeToLive(b -> b.tableName("LeadsTable")).timeToLiveDescription();
        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
        assertThat(ttl.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
    }

    @Test
    void queuesExistWithRedriveAndVisibilityTimeout() {
        assertThat(names.queueUrls()).containsOnlyKeys("RescoreQueue", "RescoreDeadLetterQueue", "PipeDeadLetterQueue",
                "HandoffUndeliveredQueue", "HandoffFailureQueue");
        Map<QueueAttributeName, String> attrs = aws.sqs().getQueueAttributes(b -> b
                .queueUrl(names.queueUrl("RescoreQueue")).attributeNames(QueueAttributeName.ALL)).attributes();
        assertThat(attrs).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "90");
        JsonNode redrive = StreamRecords.parse(attrs.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrive.path("deadLetterTargetArn").asText()).isEqualTo(names.queueArn("RescoreDeadLetterQueue"))
                .isEqualTo("arn:aws:sqs:us-east-1:000000000000:RescoreDeadLetterQueue");
        assertThat(redrive.path("maxReceiveCount").asInt()).isEqualTo(5);
    }

    @Test
    void provisioningAgainKeepsExistingData() {
        put("LEAD#keep@x.io", "STATE");
        LocalNames again = LocalResources.provision(template, aws);
        assertThat(again).isEqualTo(names);
        assertThat(aws.dynamoDb().getItem(b -> b.tableName("LeadsTable").key(Map.of(
                "pk", AttributeValue.fromS("LEAD#keep@x.io"), "sk", AttributeValue.fromS("STATE")))).hasItem()).isTrue();
    }

    @Test
    void messageReceivedMoreThanMaxReceiveCountMovesToTheDeadLetterQueue() {
        String url = names.queueUrl("RescoreQueue");
        String dlq = names.queueUrl("RescoreDeadLetterQueue");
        aws.sqs().sendMessage(b -> b.queueUrl(url).messageBody("{\"pk\":\"LEAD#poison@x.io\"}"));
        for (int i = 0; i < 5; i++) {
            List<Message> got = aws.sqs().receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0)
                    .waitTimeSeconds(1)).messages();
            assertThat(got).as("receive %d", i + 1).hasSize(1);
        }
        assertThat(aws.sqs().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages()).isEmpty();
        List<Message> dead = aws.sqs().receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(2)).messages();
        assertThat(dead).extracting(Message::body).containsExactly("{\"pk\":\"LEAD#poison@x.io\"}");
    }

    @Test
    void pipeSendsOneRescoreMessagePerInsertedEventAndNoDuplicatesAfterRestart(@TempDir Path dir) throws Exception {
        Path positionFile = dir.resolve("pipe-position.json");
        SamTemplate.Pipe def = template.pipes().get(0);
        // Start from the stream's current end so records of other tests in this class don't count.
        try (StreamPipe pipe = new StreamPipe(def, aws, names, positionFile)) {
            pipe.pollOnce();
        }
        aws.sqs().purgeQueue(b -> b.queueUrl(names.queueUrl("RescoreQueue")));
        put("LEAD#ada@example.com", "EVENT#2026-11-23T10:00:00Z#e1");
        put("LEAD#ada@example.com", "STATE");
        try (StreamPipe pipe = new StreamPipe(def, aws, names, positionFile)) {
            assertThat(pipe.pollOnce()).isEqualTo(1);
            assertThat(pipe.pollOnce()).isZero();
        }
        // A new pipe over the same saved position (a restart) sends nothing again.
        try (StreamPipe pipe = new StreamPipe(def, aws, names, positionFile)) {
            assertThat(pipe.pollOnce()).isZero();
        }
        List<Message> msgs = aws.sqs().receiveMessage(b -> b.queueUrl(names.queueUrl("RescoreQueue"))
                .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertThat(msgs).hasSize(1);
        assertThat(StreamRecords.parse(msgs.get(0).body()))
                .isEqualTo(StreamRecords.parse("{\"pk\": \"LEAD#ada@example.com\", \"cause\": \"event\"}"));
    }

    @Test
    void modifyingAnEventItemIsNotAnInsertAndIsFilteredOut(@TempDir Path dir) throws Exception {
        Path positionFile = dir.resolve("pos.json");
        SamTemplate.Pipe def = template.pipes().get(0);
        put("LEAD#bo@example.com", "EVENT#1");
        try (StreamPipe pipe = new StreamPipe(def, aws, names, positionFile)) {
            pipe.pollOnce();
            aws.sqs().purgeQueue(b -> b.queueUrl(names.queueUrl("RescoreQueue")));
            put("LEAD#bo@example.com", "EVENT#1"); // same key again: MODIFY
            assertThat(pipe.pollOnce()).isZero();
        }
    }

    @Test
    void backgroundPipeDeliversWithoutPolling(@TempDir Path dir) throws Exception {
        SamTemplate.Pipe def = template.pipes().get(0);
        try (StreamPipe pipe = new StreamPipe(def, aws, names, dir.resolve("p.json"))) {
            pipe.pollOnce(); // skip what other tests wrote
            aws.sqs().purgeQueue(b -> b.queueUrl(names.queueUrl("RescoreQueue")));
            pipe.start();
            put("LEAD#cy@example.com", "EVENT#2026#bg");
            List<Message> msgs = aws.sqs().receiveMessage(b -> b.queueUrl(names.queueUrl("RescoreQueue"))
                    .waitTimeSeconds(10)).messages();
            assertThat(msgs).extracting(Message::body)
                    .containsExactly("{\"pk\": \"LEAD#cy@example.com\", \"cause\": \"event\"}");
        }
    }

    @Test
    void streamReaderGivesRealShapeRecords() throws Exception {
        StreamReader reader = new StreamReader(aws.dynamoDbStreams(), names.streamArn("LeadsTable"));
        StreamPosition pos = new StreamPosition();
        reader.readAvailable(pos, 100, r -> { });
        aws.dynamoDb().putItem(b -> b.tableName("LeadsTable").item(Map.of(
                "pk", AttributeValue.fromS("LEAD#shape@x.io"), "sk", AttributeValue.fromS("STATE"),
                "total", AttributeValue.fromN("42"), "mql", AttributeValue.fromBool(true),
                "tags", AttributeValue.fromSs(List.of("a")), "why", AttributeValue.fromL(List.of(
                        AttributeValue.fromM(Map.of("rule", AttributeValue.fromS("r1"))))),
                "nothing", AttributeValue.fromNul(true))));
        java.util.List<JsonNode> seen = new java.util.ArrayList<>();
        assertThat(reader.readAvailable(pos, 100, seen::addAll)).isEqualTo(1);
        JsonNode r = seen.get(0);
        assertThat(r.path("eventName").asText()).isEqualTo("INSERT");
        assertThat(r.path("eventSource").asText()).isEqualTo("aws:dynamodb");
        assertThat(r.path("awsRegion").asText()).isEqualTo("us-east-1");
        assertThat(r.path("eventSourceARN").asText()).isEqualTo(names.streamArn("LeadsTable"));
        JsonNode d = r.path("dynamodb");
        assertThat(d.path("Keys")).isEqualTo(StreamRecords.parse(
                "{\"pk\":{\"S\":\"LEAD#shape@x.io\"},\"sk\":{\"S\":\"STATE\"}}"));
        assertThat(d.path("NewImage").path("total")).isEqualTo(StreamRecords.parse("{\"N\":\"42\"}"));
        assertThat(d.path("NewImage").path("mql")).isEqualTo(StreamRecords.parse("{\"BOOL\":true}"));
        assertThat(d.path("NewImage").path("tags")).isEqualTo(StreamRecords.parse("{\"SS\":[\"a\"]}"));
        assertThat(d.path("NewImage").path("why")).isEqualTo(StreamRecords.parse("{\"L\":[{\"M\":{\"rule\":{\"S\":\"r1\"}}}]}"));
        assertThat(d.path("NewImage").path("nothing")).isEqualTo(StreamRecords.parse("{\"NULL\":true}"));
        assertThat(d.has("OldImage")).isFalse();
        assertThat(d.path("StreamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(d.path("SequenceNumber").asText()).isNotBlank();
        assertThat(d.path("ApproximateCreationDateTime").isNumber()).isTrue();
        assertThat(reader.readAvailable(pos, 100, seen::addAll)).isZero();
    }

    private static void put(String pk, String sk) {
        aws.dynamoDb().putItem(b -> b.tableName("LeadsTable").item(Map.of(
                "pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk))));
    }
}
