package com.leadqual.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.functions.leads.LeadEraseHandler;
import com.leadqual.functions.leads.LeadReadHandler;
import com.leadqual.intake.Hashing;
import com.leadqual.scoring.LeadHistory;
import com.leadqual.scoring.LeadScorer;
import com.leadqual.scoring.Qualification;
import com.leadqual.scoring.Ruleset;
import com.leadqual.store.LeadErasure;
import com.leadqual.store.LeadRescorer;
import com.leadqual.store.LeadStateStore;
import com.leadqual.store.LeadTable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * GET and DELETE /leads/{email} with the sample REST API (v1) events, against DynamoDB Local. That API Gateway
 * refuses both without an API key is the template's promise (TemplateSecurityIT).
 */
class LeadApiIT {
    private static final String DANA = "dana.reyes@northwind-analytics.com";

    private final Stack stack = Stack.get();
    private final SalesFlow flow = new SalesFlow(stack);
    private final LeadReadHandler read = Functions.leadRead(stack, stack.dynamo());
    private final LeadEraseHandler erase = Functions.leadErase(stack, stack.dynamo());

    @BeforeEach
    void empty() {
        stack.reset();
    }

    /** The sample event with another {email} path parameter, as a REST API passes it (still percent-encoded). */
    private static String withEmail(String sample, String encodedEmail) {
        ObjectNode event = (ObjectNode) ApiEvents.parse(ApiEvents.sampleText(sample));
        ((ObjectNode) event.path("pathParameters")).put("email", encodedEmail);
        event.put("path", "/leads/" + encodedEmail);
        return event.toString();
    }

    private static JsonNode body(JsonNode response) {
        return ApiEvents.parse(response.path("body").asText());
    }

    @Test
    void aScoredLeadReadsWithScoresGradeStageHistoryAndReasonsWhateverTheCaseOfItsEmail() {
        flow.qualify(DANA, "pricing_inquiry");
        flow.qualify(DANA, "demo_request");

        // The sample asks for Dana.Reyes%40Northwind-Analytics.com: decoded and normalized as at ingest.
        JsonNode response = ApiEvents.parse(Lambdas.invoke(read, ApiEvents.sampleText("lead-read-get.json")));

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(response.path("headers").path("cache-control").asText()).isEqualTo("no-store");
        JsonNode lead = body(response);
        Map<String, AttributeValue> state = stack.state(DANA);
        assertThat(lead.path("email").asText()).isEqualTo(DANA);
        assertThat(lead.path("leadId").asText()).startsWith("lead#");
        assertThat(lead.path("stage").asText()).isEqualTo("SQL");
        assertThat(lead.path("fit").asText()).isEqualTo(state.get("fit").n());
        assertThat(lead.path("engagement").asText()).isEqualTo(state.get("engagement").n());
        assertThat(lead.path("total").asText()).isEqualTo(state.get("total").n());
        assertThat(lead.path("grade").asText()).isEqualTo(state.get("grade").s());
        assertThat(lead.path("stageHistory").findValuesAsText("to")).containsExactly("MQL", "SQL");
        assertThat(lead.path("reasons").size()).isEqualTo(state.get("reasons").l().size()).isPositive();
        assertThat(lead.path("reasons").get(0).path("text").asText()).isNotBlank();
        assertThat(lead.path("scoredAt").asText()).isEqualTo(state.get("scoredAt").s());
        assertThat(lead.path("rulesVersion").asText()).isEqualTo(Ruleset.defaults().version());
        assertThat(lead.path("eventCount").asInt()).isEqualTo(2);
        assertThat(Lambdas.LOG).noneMatch(line -> line.contains(DANA));
    }

    @Test
    void anHttpApiEventWithAnAlreadyDecodedEmailReadsTheSameLead() {
        flow.qualify("dana+crm@northwind-analytics.com", "demo_request");
        ObjectNode v2 = (ObjectNode) ApiEvents.parse(ApiEvents.sampleText("form-ingest-json.json"));
        v2.put("routeKey", "GET /leads/{email}").put("rawPath", "/leads/dana+crm@northwind-analytics.com");
        ((ObjectNode) v2.path("requestContext").path("http")).put("method", "GET");
        v2.putObject("pathParameters").put("email", "dana+crm@northwind-analytics.com");
        v2.remove("body");

        JsonNode response = ApiEvents.parse(Lambdas.invoke(read, v2.toString()));

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(body(response).path("email").asText()).as("a + is not a space").isEqualTo(
                "dana+crm@northwind-analytics.com");
    }

    @Test
    void anUnknownOrNotYetScoredLeadIs404() {
        JsonNode unknown = ApiEvents.parse(Lambdas.invoke(read, ApiEvents.sampleText("lead-read-get.json")));
        assertThat(unknown.path("statusCode").asInt()).isEqualTo(404);
        assertThat(body(unknown).path("error").asText()).contains("no scored lead");

        flow.submit(DANA, "demo_request"); // stored, not scored yet
        JsonNode unscored = ApiEvents.parse(Lambdas.invoke(read, ApiEvents.sampleText("lead-read-get.json")));
        assertThat(unscored.path("statusCode").asInt()).isEqualTo(404);
    }

    @Test
    void aMalformedEmailInThePathIs400NamingTheProblemNotTheInput() {
        Map<String, String> cases = Map.of(
                "not-an-email", "exactly one '@'",
                "dana%zz%40example.com", "two hex digits",
                "dana%4", "incomplete",
                "dana%C3%28%40example.com", "UTF-8",
                "dana%40example", "domain with at least two labels",
                "%20%20", "is required");
        cases.forEach((encoded, problem) -> {
            JsonNode erased = ApiEvents.parse(Lambdas.invoke(erase, withEmail("lead-erase-delete.json", encoded)));
            assertThat(erased.path("statusCode").asInt()).as(encoded).isEqualTo(400);
            JsonNode response = ApiEvents.parse(Lambdas.invoke(read, withEmail("lead-read-get.json", encoded)));
            assertThat(response.path("statusCode").asInt()).as(encoded).isEqualTo(400);
            JsonNode error = body(response).path("problems").get(0);
            assertThat(error.path("field").asText()).isEqualTo("email");
            assertThat(error.path("problem").asText()).as(encoded).contains(problem);
            assertThat(response.path("body").asText()).doesNotContain("dana");
        });
        assertThat(stack.itemCount()).as("a refused erasure writes no audit record").isZero();
    }

    @Test
    void erasureRemovesEveryItemOfTheLeadAndKeepsOnlyAHashOfTheEmail() {
        flow.qualify(DANA, "pricing_inquiry");
        flow.qualify(DANA, "demo_request");
        flow.qualify("kim@northwind-analytics.com", "demo_request");
        assertThat(stack.lead(DANA)).hasSize(3);

        JsonNode response = ApiEvents.parse(Lambdas.invoke(erase, ApiEvents.sampleText("lead-erase-delete.json")));

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        JsonNode result = body(response);
        assertThat(result.path("erased").asBoolean()).isTrue();
        assertThat(result.path("itemsRemoved").asInt()).isEqualTo(3);
        String hash = Hashing.sha256Hex(DANA.getBytes(StandardCharsets.UTF_8));
        assertThat(result.path("auditKey").asText()).isEqualTo(hash);
        assertThat(stack.lead(DANA)).isEmpty();
        assertThat(stack.lead("kim@northwind-analytics.com")).as("other leads untouched").hasSize(2);

        List<Map<String, AttributeValue>> audit = stack.dynamo().scan(ScanRequest.builder().tableName(stack.table())
                .build()).items().stream().filter(i -> i.get("pk").s().startsWith("ERASURE#")).toList();
        assertThat(audit).hasSize(1);
        Map<String, AttributeValue> record = audit.get(0);
        assertThat(record.get("pk").s()).isEqualTo("ERASURE#" + hash);
        assertThat(record.keySet()).containsExactlyInAnyOrder("pk", "sk", "leadHash", "erasedAt", "itemsRemoved",
                "requestId");
        assertThat(record.get("itemsRemoved").n()).isEqualTo("3");
        assertThat(record.toString().toLowerCase()).doesNotContain("dana").doesNotContain("northwind");
        assertThat(record.get("requestId").s()).isEqualTo("d7b0ab07-8c72-12f7-0b52-a4f9deadbeef");

        JsonNode again = ApiEvents.parse(Lambdas.invoke(erase, ApiEvents.sampleText("lead-erase-delete.json")));
        assertThat(again.path("statusCode").asInt()).as("idempotent").isEqualTo(200);
        assertThat(body(again).path("itemsRemoved").asInt()).isZero();
        JsonNode reread = ApiEvents.parse(Lambdas.invoke(read, ApiEvents.sampleText("lead-read-get.json")));
        assertThat(reread.path("statusCode").asInt()).isEqualTo(404);
        assertThat(Lambdas.LOG).noneMatch(line -> line.contains(DANA));
    }

    @Test
    void aRescoreQueuedForAnErasedLeadIsANoOpAndTheErasureAsksForNoRescoring() {
        flow.submit(DANA, "demo_request");
        stack.pipe.pollOnce(); // its rescore request is queued
        Lambdas.invoke(erase, ApiEvents.sampleText("lead-erase-delete.json"));

        assertThat(stack.pipe.pollOnce()).as("the deletions and the audit record are no rescore requests").isZero();
        flow.rescoreQueued();

        assertThat(stack.lead(DANA)).isEmpty();
        assertThat(stack.approximateMessages(stack.rescoreQueue())).isZero();
        assertThat(stack.approximateMessages(stack.rescoreDeadLetterQueue())).isZero();
        String direct = "{\"Records\":[" + RescoreIT.sqsRecord("m-late", "{\"pk\":\"" + LeadTable.leadKey(DANA)
                + "\",\"cause\":\"due\"}") + "]}";
        JsonNode late = ApiEvents.parse(Lambdas.invoke(Functions.rescore(stack, java.time.Clock.systemUTC()), direct));
        assertThat(late.path("batchItemFailures")).isEmpty();
        assertThat(stack.lead(DANA)).isEmpty();
    }

    @Test
    void aRescorerThatLoadedTheLeadJustBeforeItsErasureCannotWriteItsStateBack() {
        LeadStateStore store = new LeadStateStore(stack.dynamo(), stack.table());
        LeadErasure erasure = new LeadErasure(stack.dynamo(), stack.table());
        String key = LeadTable.leadKey(DANA);

        // Never scored: without the event check, "no state yet" would let the write through.
        flow.submit(DANA, "demo_request");
        LeadStateStore.StoredLead loaded = store.load(key);
        assertThat(loaded.state()).isNull();
        erasure.erase(DANA, Instant.now(), "race-1");
        assertThat(store.save(loaded, score(loaded))).isEqualTo(LeadStateStore.SaveResult.CONFLICT);
        assertThat(stack.lead(DANA)).isEmpty();

        // Scored before: the same for a state with a version.
        flow.qualify(DANA, "pricing_inquiry");
        flow.submit(DANA, "demo_request");
        LeadStateStore.StoredLead scored = store.load(key);
        assertThat(scored.state()).isNotNull();
        erasure.erase(DANA, Instant.now(), "race-2");
        assertThat(store.save(scored, score(scored))).isEqualTo(LeadStateStore.SaveResult.CONFLICT);
        assertThat(stack.lead(DANA)).isEmpty();

        // And the rescorer, reloading after its conflict, finds nothing to score.
        LeadRescorer rescorer = new LeadRescorer(store, Ruleset.defaults(), 5);
        assertThat(rescorer.rescore(key, java.time.Clock.systemUTC()).outcome()).isEqualTo(LeadRescorer.Outcome.NO_EVENTS);
        assertThat(stack.lead(DANA)).isEmpty();
    }

    @Test
    void aStateWrittenWhileTheEventsStillExistedIsErasedWithThem() {
        LeadStateStore store = new LeadStateStore(stack.dynamo(), stack.table());
        flow.submit(DANA, "demo_request");
        LeadStateStore.StoredLead loaded = store.load(LeadTable.leadKey(DANA));
        assertThat(store.save(loaded, score(loaded))).isEqualTo(LeadStateStore.SaveResult.WRITTEN);

        new LeadErasure(stack.dynamo(), stack.table()).erase(DANA, Instant.now(), "after-write");

        assertThat(stack.lead(DANA)).isEmpty();
    }

    @Test
    void whenDynamoDbIsUnreachableBothRoutesAnswer503() {
        try (DynamoDbClient unreachable = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            JsonNode readResponse = ApiEvents.parse(Lambdas.invoke(Functions.leadRead(stack, unreachable),
                    ApiEvents.sampleText("lead-read-get.json")));
            JsonNode eraseResponse = ApiEvents.parse(Lambdas.invoke(Functions.leadErase(stack, unreachable),
                    ApiEvents.sampleText("lead-erase-delete.json")));
            assertThat(readResponse.path("statusCode").asInt()).isEqualTo(503);
            assertThat(eraseResponse.path("statusCode").asInt()).isEqualTo(503);
            assertThat(eraseResponse.path("headers").path("retry-after").asText()).isEqualTo("1");
        }
    }

    private static Qualification score(LeadStateStore.StoredLead lead) {
        return LeadScorer.score(new LeadHistory(DANA, lead.events(), lead.state() == null ? null
                : lead.state().status()), Ruleset.defaults(), Instant.now());
    }
}
