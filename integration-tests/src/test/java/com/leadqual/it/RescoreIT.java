package com.leadqual.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.leadqual.functions.rescore.RescoreHandler;
import com.leadqual.local.SqsEventSource;
import com.leadqual.scoring.LeadHistory;
import com.leadqual.scoring.LeadScorer;
import com.leadqual.scoring.Qualification;
import com.leadqual.scoring.Ruleset;
import com.leadqual.store.ItemSizes;
import com.leadqual.store.LeadRescorer;
import com.leadqual.store.LeadStateStore;
import com.leadqual.store.LeadTable;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.sqs.model.Message;

class RescoreIT {
    private final Stack stack = Stack.get();
    private final RescoreHandler rescore = Functions.rescore(stack, Clock.systemUTC());

    @BeforeEach
    void empty() {
        stack.reset();
    }

    private void postForm(String email, String formType) {
        String body = FormIngestIT.form(email).put("formType", formType).toString();
        JsonNode response = ApiEvents.parse(Lambdas.invoke(Functions.formIngest(stack),
                ApiEvents.sample("form-ingest-json.json").body(body).json()));
        assertThat(response.path("statusCode").asInt()).isIn(202, 303);
    }

    /** Runs the rescore queue to empty through Lambda's event source; returns how many messages failed. */
    private int drainRescoreQueue(SqsEventSource source) {
        int failed = 0;
        for (int i = 0; i < 50; i++) {
            SqsEventSource.Poll poll = source.pollOnce(Duration.ZERO);
            if (poll.received() == 0) {
                return failed;
            }
            failed += poll.failed();
        }
        return failed;
    }

    /** DynamoDB Local bills by its own sizing: it must agree that an SQL lead's state is one write unit. */
    @Test
    void anSqlLeadsStateItemIsBilledOneWriteUnit() {
        SalesFlow flow = new SalesFlow(stack);
        flow.qualify("dana.reyes@northwind-analytics.com", "pricing_inquiry");
        flow.qualify("dana.reyes@northwind-analytics.com", "demo_request");
        Map<String, AttributeValue> state = stack.state("dana.reyes@northwind-analytics.com");
        assertThat(state.get("stage").s()).isEqualTo("SQL");

        assertThat(ItemSizes.of(state)).isLessThanOrEqualTo(ItemSizes.WRITE_UNIT_BYTES);
        // the same item again: no index entry moves, so the capacity is the table's alone
        ConsumedCapacity capacity = stack.dynamo().putItem(b -> b.tableName(stack.table()).item(state)
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        assertThat(capacity.table().capacityUnits()).isEqualTo(1.0);
    }

    @Test
    void aFormBecomesAStoredEventAQueuedRescoreAndAScoredStateWithReasons() {
        postForm("dana.reyes@northwind-analytics.com", "demo_request");
        assertThat(stack.state("dana.reyes@northwind-analytics.com")).isNull();

        assertThat(stack.pipe.pollOnce()).isEqualTo(1);
        List<Message> queued = stack.receiveAll(stack.rescoreQueue());
        assertThat(queued).hasSize(1);
        assertThat(ApiEvents.parse(queued.get(0).body()).path("pk").asText())
                .isEqualTo("LEAD#dana.reyes@northwind-analytics.com");
        stack.sqs().changeMessageVisibility(b -> b.queueUrl(stack.rescoreQueue())
                .receiptHandle(queued.get(0).receiptHandle()).visibilityTimeout(0));

        assertThat(drainRescoreQueue(Functions.rescoreEventSource(stack, rescore))).isZero();

        Map<String, AttributeValue> state = stack.state("dana.reyes@northwind-analytics.com");
        assertThat(state).isNotNull();
        assertThat(state.get("stage").s()).isEqualTo("SQL");
        assertThat(state.get("rulesVersion").s()).isEqualTo(Ruleset.defaults().version());
        assertThat(state.get("reasons").l()).isNotEmpty();
        assertThat(state.get("reasons").l().get(0).m().get("text").s()).isNotBlank();
        assertThat(state.get("transition").m().get("to").s()).isEqualTo("SQL");
        assertThat(state.get("version").n()).isEqualTo("1");
        assertThat(stack.approximateMessages(stack.rescoreQueue())).isZero();
        assertThat(stack.pipe.pollOnce()).as("a state write asks for no rescoring").isZero();
    }

    @Test
    void rescoringWithNothingNewWritesNothing() {
        postForm("kim@northwind-analytics.com", "content_download");
        stack.pipe.pollOnce();
        drainRescoreQueue(Functions.rescoreEventSource(stack, rescore));
        Map<String, AttributeValue> before = stack.state("kim@northwind-analytics.com");

        String again = "{\"Records\":[" + sqsRecord("m-1", "{\"pk\":\"LEAD#kim@northwind-analytics.com\",\"cause\":\"due\"}") + "]}";
        String response = Lambdas.invoke(rescore, again);

        assertThat(ApiEvents.parse(response).path("batchItemFailures")).isEmpty();
        assertThat(stack.state("kim@northwind-analytics.com")).isEqualTo(before);
    }

    @Test
    void theSampleBatchScoresEachDistinctLeadOnce() {
        postForm("dana.reyes@northwind-analytics.com", "demo_request");
        Lambdas.invoke(Functions.webinarIngest(stack), ApiEvents.sample("webinar-ingest-generic.json").json());
        Lambdas.LOG.clear();

        String response = Lambdas.invoke(rescore,
                ApiEvents.sampleText("rescore-sqs-batch.json"));

        assertThat(ApiEvents.parse(response).path("batchItemFailures")).isEmpty();
        assertThat(Lambdas.LOG.stream().filter(l -> l.contains("\"message\":\"lead rescored\"")).count()).isEqualTo(2);
        assertThat(stack.state("dana.reyes@northwind-analytics.com")).isNotNull();
        assertThat(stack.state("priya.natarajan@fabrikam.io").get("reasons").l()).isNotEmpty();
    }

    @Test
    void aPoisonMessageReachesTheDeadLetterQueueWithoutBlockingItsBatch() {
        postForm("ana@northwind-analytics.com", "pricing_inquiry");
        stack.sqs().sendMessage(b -> b.queueUrl(stack.rescoreQueue()).messageBody("this is not a rescore request"));
        stack.pipe.pollOnce();
        int maxReceiveCount = stack.template.queues().stream()
                .filter(q -> q.logicalId().equals("RescoreQueue")).findFirst().orElseThrow()
                .redrive().maxReceiveCount();

        int failures = drainRescoreQueue(Functions.rescoreEventSource(stack, rescore));

        assertThat(failures).isEqualTo(maxReceiveCount);
        assertThat(stack.state("ana@northwind-analytics.com")).as("the good message in the batch was scored").isNotNull();
        List<Message> dead = stack.receiveAll(stack.rescoreDeadLetterQueue());
        assertThat(dead).extracting(Message::body).containsExactly("this is not a rescore request");
        assertThat(stack.approximateMessages(stack.rescoreQueue())).isZero();
    }

    @Test
    void whenDynamoDbFailsTheMessageIsReportedAndKept() throws Exception {
        try (DynamoDbClient unreachable = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String event = "{\"Records\":[" + sqsRecord("m-ok", "{\"pk\":\"LEAD#a@b.com\"}") + "]}";
            String response = Lambdas.invoke(Functions.rescore(stack, unreachable, Clock.systemUTC()), event);
            assertThat(ApiEvents.parse(response).path("batchItemFailures").findValuesAsText("itemIdentifier"))
                    .containsExactly("m-ok");
        }
    }

    @Test
    void anErasedOrUnknownLeadIsANoOp() {
        String event = "{\"Records\":[" + sqsRecord("m-1", "{\"pk\":\"LEAD#nobody@nowhere.example\"}") + "]}";
        String response = Lambdas.invoke(rescore, event);

        assertThat(ApiEvents.parse(response).path("batchItemFailures")).isEmpty();
        assertThat(stack.itemCount()).isZero();
    }

    /**
     * A rescorer whose clock reads earlier than the stored state (it read its instant before another rescorer
     * wrote, or its host's clock lags) must not write an older score over a newer one: it scores as of the stored
     * state's instant, which leaves nothing to write.
     */
    @Test
    void aRescorerWithAnEarlierClockNeverWritesAnOlderScoreOverANewerOne() {
        String email = "lag@northwind-analytics.com";
        String leadKey = LeadTable.leadKey(email);
        postForm(email, "content_download");
        Instant event = Instant.parse(stack.lead(email).get(0).get("occurredAt").s());
        LeadRescorer rescorer = new LeadRescorer(new LeadStateStore(stack.dynamo(), stack.table()),
                Ruleset.defaults(), 5);
        Instant later = event.plus(Duration.ofDays(40));
        assertThat(rescorer.rescore(leadKey, Clock.fixed(later, ZoneOffset.UTC)).outcome())
                .isEqualTo(LeadRescorer.Outcome.WRITTEN);
        Map<String, AttributeValue> newer = stack.state(email);

        LeadRescorer.Result lagging = rescorer.rescore(leadKey, Clock.fixed(event.plusSeconds(1), ZoneOffset.UTC));

        assertThat(lagging.outcome()).isEqualTo(LeadRescorer.Outcome.UNCHANGED);
        assertThat(lagging.qualification().scoredAt()).isEqualTo(later);
        assertThat(stack.state(email)).isEqualTo(newer);
    }

    @Test
    void concurrentRescoresOfOneLeadLoseNothing() throws Exception {
        String email = "race@northwind-analytics.com";
        String leadKey = LeadTable.leadKey(email);
        LeadRescorer rescorer = new LeadRescorer(new LeadStateStore(stack.dynamo(), stack.table()),
                Ruleset.defaults(), 20);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        String[] types = {"content_download", "newsletter", "pricing_inquiry", "trial_signup"};
        for (int i = 0; i < 12; i++) {
            int n = i;
            work.add(pool.submit(() -> {
                start.await();
                JsonNode response = ApiEvents.parse(Lambdas.invoke(Functions.formIngest(stack),
                        ApiEvents.sample("form-ingest-json.json")
                                .body(FormIngestIT.form(email).put("formType", types[n % 4]).toString())
                                .header("idempotency-key", "race-" + n).json()));
                assertThat(response.path("statusCode").asInt()).isEqualTo(202);
                rescorer.rescore(leadKey, Clock.systemUTC());
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();

        Map<String, AttributeValue> state = stack.state(email);
        assertThat(state.get("eventCount").n()).isEqualTo("12");
        LeadStateStore.StoredLead stored = new LeadStateStore(stack.dynamo(), stack.table()).load(leadKey);
        Qualification fromScratch = LeadScorer.score(new LeadHistory(email, stored.events(), null), Ruleset.defaults(),
                Instant.parse(state.get("scoredAt").s()));
        assertThat(Integer.parseInt(state.get("total").n())).isEqualTo(fromScratch.total());
        assertThat(state.get("stage").s()).isEqualTo(fromScratch.stage().name());
        assertThat(Long.parseLong(state.get("version").n())).isBetween(1L, 12L);
    }

    static String sqsRecord(String messageId, String body) {
        return "{\"messageId\":\"" + messageId + "\",\"receiptHandle\":\"rh-" + messageId + "\",\"body\":"
                + ApiEvents.MAPPER.valueToTree(body) + ",\"attributes\":{\"ApproximateReceiveCount\":\"1\","
                + "\"SentTimestamp\":\"1795460400000\",\"SenderId\":\"AROAEXAMPLE\",\"ApproximateFirstReceiveTimestamp\":"
                + "\"1795460400100\"},\"messageAttributes\":{},\"md5OfBody\":\"x\",\"eventSource\":\"aws:sqs\","
                + "\"eventSourceARN\":\"arn:aws:sqs:us-east-1:000000000000:RescoreQueue\",\"awsRegion\":\"us-east-1\"}";
    }
}
