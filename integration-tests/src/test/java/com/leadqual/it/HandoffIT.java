package com.leadqual.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.functions.handoff.HandoffBatch;
import com.leadqual.functions.handoff.HandoffHandler;
import com.leadqual.handoff.DeliveryIds;
import com.leadqual.local.SqsEventSource;
import com.leadqual.local.StreamEventSource;
import com.leadqual.local.StreamRecords;
import com.leadqual.ops.Telemetry;
import com.leadqual.scoring.Stage;
import com.leadqual.scoring.StageChange;
import com.leadqual.store.LeadErasure;
import com.leadqual.store.LeadTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The handoff from the table's stream to a CRM webhook on loopback, through Lambda's stream event source as the
 * template declares it: every stage change signed and delivered once per delivery id, replays included; a
 * receiver that fails leaves the notification parked; what cannot even be parked ends as a pointer in the
 * OnFailure queue.
 */
class HandoffIT {
    private static final String DANA = "dana.reyes@northwind-analytics.com";
    private static final String KIM = "kim@northwind-analytics.com";

    private final Stack stack = Stack.get();
    private final SalesFlow flow = new SalesFlow(stack);
    private WebhookReceiver crm;

    @BeforeEach
    void start() throws IOException {
        stack.reset();
        crm = new WebhookReceiver(Functions.HANDOFF_SECRET);
    }

    @AfterEach
    void stop() {
        crm.close();
    }

    private static SqsEventSource.Invoker invoker(HandoffHandler handler) {
        return event -> Lambdas.invoke(handler, event);
    }

    private StreamEventSource source(Path positionFile, HandoffHandler handler) {
        return stack.handoffEventSource(positionFile, invoker(handler));
    }

    @Test
    void everyStageChangeIsDeliveredSignedAndActedOnOncePerDeliveryIdEvenWhenTheStreamIsReplayed(@TempDir Path dir)
            throws Exception {
        HandoffHandler handoff = Functions.handoff(stack, List.of(crm.url()));
        Path position = dir.resolve("position.json");
        StreamEventSource source = source(position, handoff);
        Path replayFrom = Files.copy(position, dir.resolve("replay.json"));

        flow.qualify(DANA, "pricing_inquiry"); // LEAD -> MQL
        flow.submit(KIM, "content_download", form -> form.put("consent", false)); // no consent: stays a LEAD
        flow.rescoreQueued(); // a state written without a transition: nothing to send
        flow.qualify(DANA, "demo_request"); // MQL -> SQL
        StreamEventSource.Poll poll = source.pollOnce();

        assertThat(stack.state(KIM).get("stage").s()).isEqualTo("LEAD");
        assertThat(poll.recordsMatched()).as("only the two state writes that changed a stage").isEqualTo(2);
        List<WebhookReceiver.Delivery> acted = crm.actedOn();
        assertThat(acted).extracting(d -> d.json().path("transition").path("from").asText() + "->"
                + d.json().path("transition").path("to").asText()).containsExactly("LEAD->MQL", "MQL->SQL");
        assertThat(acted).allSatisfy(d -> {
            assertThat(d.json().path("email").asText()).isEqualTo(DANA);
            assertThat(d.json().path("deliveryId").asText()).isEqualTo(d.deliveryId());
        });
        JsonNode sql = acted.get(1).json();
        assertThat(sql.path("stage").asText()).isEqualTo("SQL");
        assertThat(sql.path("leadId").asText()).startsWith("lead#");
        assertThat(sql.path("reasons").size()).isPositive();
        assertThat(sql.path("fit").asInt() + sql.path("engagement").asInt()).isEqualTo(sql.path("total").asInt());
        StageChange toSql = new StageChange(Stage.MQL, Stage.SQL, sql.path("transition").path("reason").asText(),
                Instant.parse(sql.path("transition").path("at").asText()));
        assertThat(acted.get(1).deliveryId()).isEqualTo(DeliveryIds.of(LeadTable.leadKey(DANA), toSql));
        assertThat(crm.refused()).isZero();

        // A replay of the same stream records: the event source from the saved position, then the handler alone.
        StreamEventSource replay = source(replayFrom, handoff);
        assertThat(replay.pollOnce().recordsMatched()).isEqualTo(2);
        assertThat(source.pollOnce().recordsRead()).as("the first source has nothing new").isZero();

        assertThat(crm.requests()).as("at least once: the replay sent both again").isEqualTo(4);
        assertThat(crm.acceptedCounts()).hasSize(2).allSatisfy((id, count) -> assertThat(count).isEqualTo(2));
        assertThat(crm.actedOn()).as("exactly once per delivery id").hasSize(2);
        assertThat(crm.refused()).isZero();
        assertThat(stack.approximateMessages(stack.undeliveredQueue())).isZero();
        assertThat(Lambdas.LOG).noneMatch(line -> line.contains(DANA));
    }

    @Test
    void theSampleBatchIsDeliveredAndItsReplayIsRecognized() {
        HandoffHandler handoff = Functions.handoff(stack, List.of(crm.url()));
        String sample = ApiEvents.sampleText("handoff-stream-batch.json");

        JsonNode first = ApiEvents.parse(Lambdas.invoke(handoff, sample));
        JsonNode again = ApiEvents.parse(Lambdas.invoke(handoff, sample));

        assertThat(first.path("batchItemFailures")).isEmpty();
        assertThat(again.path("batchItemFailures")).isEmpty();
        int transitions = ApiEvents.parse(sample).path("Records").size();
        assertThat(crm.requests()).isEqualTo(2 * transitions);
        assertThat(crm.actedOn()).hasSize(transitions);
        assertThat(crm.acceptedCounts().values()).containsOnly(2);
    }

    @Test
    void aReceiverAnsweringErrorsLeavesEveryNotificationParkedWholeAndTheStreamMovesOn() throws Exception {
        HandoffHandler handoff = Functions.handoff(stack, List.of(crm.url()));
        StreamEventSource source = source(null, handoff);
        crm.answer(503);
        flow.qualify(DANA, "demo_request"); // LEAD -> SQL
        flow.qualify(KIM, "pricing_inquiry"); // LEAD -> MQL

        StreamEventSource.Poll poll = source.pollOnce();

        assertThat(poll.recordsDiscarded()).isZero();
        assertThat(crm.actedOn()).isEmpty();
        assertThat(crm.requests()).as("all attempts for the first, one for the next: the target is known down")
                .isEqualTo(Functions.FAST_RETRIES.attempts() + 1);
        List<JsonNode> parked = stack.receiveAll(stack.undeliveredQueue()).stream().map(m -> ApiEvents.parse(m.body()))
                .toList();
        assertThat(parked).hasSize(2);
        JsonNode first = parked.stream().filter(p -> p.path("notification").path("email").asText().equals(DANA))
                .findFirst().orElseThrow();
        assertThat(first.path("kind").asText()).isEqualTo("stage-notification");
        assertThat(first.path("target").asText()).isEqualTo(crm.url().toString());
        assertThat(first.path("attempts").asInt()).isEqualTo(Functions.FAST_RETRIES.attempts());
        assertThat(first.path("lastError").asText()).isEqualTo("HTTP 503");
        assertThat(first.path("deliveryId").asText()).isEqualTo(first.path("notification").path("deliveryId").asText())
                .isEqualTo(crm.deliveries().get(0).deliveryId());
        assertThat(first.path("notification").path("transition").path("to").asText()).isEqualTo("SQL");
        assertThat(stack.approximateMessages(stack.handoffFailureQueue())).isZero();
        assertThat(source.pollOnce().recordsRead()).isZero();
    }

    @Test
    void aReceiverThatIsDownLeavesTheNotificationParked() throws Exception {
        HandoffHandler handoff = Functions.handoff(stack, List.of(crm.url()));
        StreamEventSource source = source(null, handoff);
        crm.close();
        flow.qualify(DANA, "demo_request");

        source.pollOnce();

        List<Message> parked = stack.receiveAll(stack.undeliveredQueue());
        assertThat(parked).hasSize(1);
        JsonNode body = ApiEvents.parse(parked.get(0).body());
        assertThat(body.path("lastError").asText()).contains("ConnectException");
        assertThat(body.path("notification").path("email").asText()).isEqualTo(DANA);
    }

    @Test
    void whenTheNotificationCanNeitherBeDeliveredNorParkedLambdaRetriesThenKeepsAPointerInTheOnFailureQueue()
            throws Exception {
        HandoffHandler handoff = Functions.handoff(stack, List.of(crm.url()), stack.undeliveredQueue() + "-missing");
        StreamEventSource source = source(null, handoff);
        crm.answer(500);
        flow.qualify(DANA, "demo_request");

        StreamEventSource.Poll poll = source.pollOnce();

        int retries = stack.handoffStreamEvent().maximumRetryAttempts();
        assertThat(poll.invocations()).isEqualTo(1 + retries);
        assertThat(poll.recordsDiscarded()).isEqualTo(1);
        List<Message> failures = stack.receiveAll(stack.handoffFailureQueue());
        assertThat(failures).hasSize(1);
        JsonNode pointer = ApiEvents.parse(failures.get(0).body());
        assertThat(pointer.path("requestContext").path("condition").asText()).isEqualTo("RetryAttemptsExhausted");
        JsonNode info = pointer.path("DDBStreamBatchInfo");
        assertThat(info.path("batchSize").asInt()).isEqualTo(1);
        assertThat(failures.get(0).body()).as("a pointer, not the lead").doesNotContain(DANA);

        // Within the stream's 24 hours the pointer leads back to the record, email and all.
        String iterator = stack.aws.dynamoDbStreams().getShardIterator(b -> b.streamArn(info.path("streamArn").asText())
                .shardId(info.path("shardId").asText()).shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                .sequenceNumber(info.path("startSequenceNumber").asText())).shardIterator();
        ObjectNode record = StreamRecords.toJson(stack.aws.dynamoDbStreams().getRecords(b -> b.shardIterator(iterator)
                .limit(1)).records().get(0), info.path("streamArn").asText());
        assertThat(record.path("dynamodb").path("Keys").path("pk").path("S").asText()).isEqualTo(LeadTable.leadKey(DANA));
        assertThat(record.path("dynamodb").path("NewImage").path("transition").path("M").path("to").path("S").asText())
                .isEqualTo("SQL");
        assertThat(source.pollOnce().recordsRead()).as("given up on: the stream moved on").isZero();
    }

    @Test
    void aFunctionThatFailsOnLargeBatchesIsBisectedAndEveryStageChangeStillArrivesOnce() throws Exception {
        HandoffHandler handoff = Functions.handoff(stack, List.of(crm.url()));
        AtomicInteger crashes = new AtomicInteger();
        // Stands in for a timeout or out-of-memory on batches of more than one record.
        StreamEventSource source = stack.handoffEventSource(null, event -> {
            if (ApiEvents.parse(event).path("Records").size() > 1) {
                crashes.incrementAndGet();
                throw new IllegalStateException("Task timed out");
            }
            return Lambdas.invoke(handoff, event);
        });
        List<String> leads = List.of("a@northwind-analytics.com", "b@northwind-analytics.com",
                "c@northwind-analytics.com", "d@northwind-analytics.com");
        leads.forEach(lead -> flow.submit(lead, "demo_request"));
        flow.rescoreQueued();

        StreamEventSource.Poll poll = source.pollOnce();

        assertThat(poll.recordsMatched()).isEqualTo(4);
        assertThat(crashes.get()).as("4 -> 2 + 2 -> 1 + 1 + 1 + 1").isEqualTo(3);
        assertThat(poll.recordsDiscarded()).isZero();
        assertThat(crm.actedOn()).extracting(d -> d.json().path("email").asText())
                .containsExactlyInAnyOrderElementsOf(leads);
        assertThat(crm.requests()).isEqualTo(4);
    }

    @Test
    void anUnreadableStateRecordIsParkedAndDoesNotHoldBackTheOnesAfterIt() throws Exception {
        HandoffHandler handoff = Functions.handoff(stack, List.of(crm.url()));
        StreamEventSource source = source(null, handoff);
        stack.dynamo().putItem(b -> b.tableName(stack.table()).item(Map.of(
                "pk", AttributeValue.fromS(LeadTable.leadKey("broken@northwind-analytics.com")),
                "sk", AttributeValue.fromS(LeadTable.STATE_SK),
                "stage", AttributeValue.fromS("SQL"),
                "transition", AttributeValue.fromM(Map.of("to", AttributeValue.fromS("SQL"))))));
        flow.qualify(DANA, "demo_request");

        source.pollOnce();

        assertThat(crm.actedOn()).extracting(d -> d.json().path("email").asText()).containsExactly(DANA);
        List<Message> parked = stack.receiveAll(stack.undeliveredQueue());
        assertThat(parked).hasSize(1);
        JsonNode body = ApiEvents.parse(parked.get(0).body());
        assertThat(body.path("kind").asText()).isEqualTo("unreadable-record");
        assertThat(body.path("error").asText()).contains("'reasons'");
        assertThat(body.path("sequenceNumber").asText()).isNotBlank();
    }

    @Test
    void parkedNotificationsAreRedrivenWithTheirDeliveryIdAndBodyOnceTheReceiverIsBack() throws Exception {
        HandoffHandler handoff = Functions.handoff(stack, List.of(crm.url()));
        StreamEventSource source = source(null, handoff);
        crm.answer(503);
        flow.qualify(DANA, "demo_request");
        source.pollOnce();
        WebhookReceiver.Delivery refused = crm.deliveries().get(0);
        crm.answer(200);

        JsonNode summary = ApiEvents.parse(Lambdas.invoke(handoff, "{\"redrive\": {\"maxMessages\": 10}}"));

        assertThat(summary.path("read").asInt()).isEqualTo(1);
        assertThat(summary.path("delivered").asInt()).isEqualTo(1);
        assertThat(crm.actedOn()).hasSize(1);
        assertThat(crm.actedOn().get(0).deliveryId()).isEqualTo(refused.deliveryId());
        assertThat(crm.actedOn().get(0).body()).as("the very bytes first sent").isEqualTo(refused.body());
        assertThat(stack.approximateMessages(stack.undeliveredQueue())).isZero();
        assertThat(ApiEvents.parse(Lambdas.invoke(handoff, "{\"redrive\": {}}")).path("read").asInt()).isZero();
    }

    @Test
    void aRedriveDropsWhatWasParkedForALeadErasedSinceAndSendsNothing() throws Exception {
        HandoffHandler handoff = Functions.handoff(stack, List.of(crm.url()));
        StreamEventSource source = source(null, handoff);
        crm.answer(503);
        flow.qualify(DANA, "demo_request");
        source.pollOnce();
        int before = crm.requests();
        crm.answer(200);
        new LeadErasure(stack.dynamo(), stack.table()).erase(DANA, Instant.now(), "test");

        JsonNode summary = ApiEvents.parse(Lambdas.invoke(handoff, "{\"redrive\": {}}"));

        assertThat(summary.path("erased").asInt()).isEqualTo(1);
        assertThat(crm.requests()).isEqualTo(before);
        assertThat(stack.approximateMessages(stack.undeliveredQueue())).isZero();
    }

    @Test
    void nothingIsSentForALeadErasedBeforeItsStageChangeIsHandedOff() throws Exception {
        HandoffHandler handoff = Functions.handoff(stack, List.of(crm.url()));
        StreamEventSource source = source(null, handoff);
        flow.qualify(DANA, "demo_request"); // its stage change is in the stream, not yet handed off
        JsonNode erased = ApiEvents.parse(Lambdas.invoke(Functions.leadErase(stack, stack.dynamo()),
                ApiEvents.sampleText("lead-erase-delete.json")));
        assertThat(erased.path("statusCode").asInt()).isEqualTo(200);

        StreamEventSource.Poll poll = source.pollOnce();

        assertThat(poll.recordsMatched()).as("the stage change only: not the deletions, not the audit record")
                .isEqualTo(1);
        assertThat(crm.requests()).isZero();
        assertThat(Lambdas.LOG).anyMatch(line -> line.contains("lead erased since this stage change"));
        assertThat(stack.approximateMessages(stack.undeliveredQueue())).isZero();
    }

    @Test
    void aBatchRunningOutOfTimeHandsTheRestBackInOrderButAlwaysFinishesItsFirstRecord() {
        HandoffBatch batch = Functions.handoffBatch(stack, List.of(crm.url()));
        JsonNode sample = ApiEvents.parse(ApiEvents.sampleText("handoff-stream-batch.json"));
        String second = sample.path("Records").get(1).path("dynamodb").path("SequenceNumber").asText();
        Telemetry telemetry = new Telemetry("Handoff", "test", Lambdas.LOG::add, java.time.Clock.systemUTC());

        JsonNode response = batch.process(sample, telemetry, () -> 1_000);

        assertThat(response.path("batchItemFailures").findValuesAsText("itemIdentifier")).containsExactly(second);
        assertThat(crm.actedOn()).hasSize(1);
        assertThat(crm.actedOn().get(0).json().path("transition").path("to").asText()).isEqualTo("MQL");
    }
}
