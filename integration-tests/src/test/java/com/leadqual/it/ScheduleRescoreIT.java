package com.leadqual.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.scoring.Ruleset;
import com.leadqual.store.LeadRescorer;
import com.leadqual.store.LeadStateStore;
import com.leadqual.store.LeadTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

class ScheduleRescoreIT {
    private final Stack stack = Stack.get();
    private final Instant now = Instant.now();

    @BeforeEach
    void empty() {
        stack.reset();
    }

    /** A lead whose last form was {@code daysAgo} days ago, scored now: its decay makes it due later. */
    private String scoredLead(int n, int daysAgo) {
        String email = "lead" + n + "@contoso-logistics.com";
        String body = FormIngestIT.form(email).put("formType", "content_download").toString();
        Lambdas.invoke(Functions.formIngest(stack),
                ApiEvents.sample("form-ingest-json.json").body(body).at(now.minus(Duration.ofDays(daysAgo))).json());
        new LeadRescorer(new LeadStateStore(stack.dynamo(), stack.table()), Ruleset.defaults(), 3)
                .rescore(LeadTable.leadKey(email), Clock.fixed(now, ZoneOffset.UTC));
        return LeadTable.leadKey(email);
    }

    private Set<String> queuedLeads() {
        List<Message> messages = stack.receiveAll(stack.rescoreQueue());
        return messages.stream().map(m -> ApiEvents.parse(m.body()).path("pk").asText()).collect(Collectors.toSet());
    }

    private JsonNode run(Ruleset rules, Instant at, String event) {
        return ApiEvents.parse(Lambdas.invoke(
                Functions.scheduleRescore(stack, rules, Clock.fixed(at, ZoneOffset.UTC)), event));
    }

    @Test
    void theScheduledEventEnqueuesOnlyLeadsWhoseScoreHasChangedSince() {
        stack.pipe.pollOnce();
        List<String> leads = List.of(scoredLead(1, 3), scoredLead(2, 10), scoredLead(3, 40));
        stack.pipe.pollOnce();
        stack.sqs().purgeQueue(b -> b.queueUrl(stack.rescoreQueue()));
        Instant earliestDue = leads.stream().map(k -> Instant.parse(stack.state(LeadTable.emailOf(k)).get("nextChangeAt").s()))
                .min(Instant::compareTo).orElseThrow();

        JsonNode before = run(Ruleset.defaults(), earliestDue.minusMillis(1), ApiEvents.sampleText("schedule-rescore-due.json"));
        assertThat(before.path("enqueued").asInt()).isZero();

        JsonNode later = run(Ruleset.defaults(), now.plus(Duration.ofDays(400)), ApiEvents.sampleText("schedule-rescore-due.json"));
        assertThat(later.path("mode").asText()).isEqualTo("due");
        assertThat(later.path("enqueued").asInt()).isEqualTo(3);
        assertThat(queuedLeads()).containsExactlyInAnyOrderElementsOf(leads);
    }

    @Test
    void enqueuesInBatchesEveryDueLeadOnce() {
        for (int i = 0; i < 23; i++) {
            scoredLead(100 + i, 5);
        }
        stack.pipe.pollOnce();
        stack.sqs().purgeQueue(b -> b.queueUrl(stack.rescoreQueue()));

        JsonNode result = run(Ruleset.defaults(), now.plus(Duration.ofDays(400)), "{\"mode\":\"due\"}");

        assertThat(result.path("enqueued").asInt()).isEqualTo(23);
        assertThat(queuedLeads()).hasSize(23);
    }

    @Test
    void afterARulesChangeEveryLeadScoredByOtherRulesIsEnqueued() throws IOException {
        List<String> leads = List.of(scoredLead(7, 1), scoredLead(8, 2));
        stack.pipe.pollOnce();
        stack.sqs().purgeQueue(b -> b.queueUrl(stack.rescoreQueue()));

        JsonNode unchanged = run(Ruleset.defaults(), now, ApiEvents.sampleText("schedule-rescore-rules-changed.json"));
        assertThat(unchanged.path("enqueued").asInt()).isZero();

        JsonNode changed = run(changedRules(), now, ApiEvents.sampleText("schedule-rescore-rules-changed.json"));
        assertThat(changed.path("mode").asText()).isEqualTo("rules-changed");
        assertThat(changed.path("enqueued").asInt()).isEqualTo(2);
        assertThat(queuedLeads()).containsExactlyInAnyOrderElementsOf(leads);
    }

    private static Ruleset changedRules() throws IOException {
        try (InputStream in = Ruleset.class.getResourceAsStream(Ruleset.DEFAULT_RESOURCE)) {
            ObjectNode rules = (ObjectNode) ApiEvents.MAPPER.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            rules.put("name", "changed");
            return Ruleset.parse(rules.toString());
        }
    }

    @Test
    void refusesAnInputItDoesNotKnow() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(Ruleset.defaults(), now, "{\"mode\":\"everything\"}"))
                .hasMessageContaining("rules-changed");
    }
}
