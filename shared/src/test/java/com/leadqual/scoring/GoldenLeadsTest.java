package com.leadqual.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-checked leads of docs/RULES.md, from scoring/golden-leads.json, scored with the default rules. */
class GoldenLeadsTest {
    static final JsonNode LEADS = read().get("leads");

    static JsonNode read() {
        try (InputStream in = GoldenLeadsTest.class.getResourceAsStream("/scoring/golden-leads.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void thereAreAtLeastFifteenLeadsCoveringEveryStage() {
        assertThat(LEADS.size()).isGreaterThanOrEqualTo(15);
        List<String> stages = new ArrayList<>();
        LEADS.forEach(l -> stages.add(l.get("expected").get("stage").asText()));
        for (Stage s : Stage.values()) {
            assertThat(stages).contains(s.name());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyLeadScoresAsComputedByHand() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode lead : LEADS) {
            tests.add(DynamicTest.dynamicTest(lead.get("name").asText(), () -> check(lead)));
        }
        return tests.stream();
    }

    static void check(JsonNode lead) {
        List<LeadEvent> events = new ArrayList<>();
        for (JsonNode e : lead.get("events")) {
            Map<String, String> data = new HashMap<>();
            e.get("data").fields().forEachRemaining(f -> data.put(f.getKey(), f.getValue().asText()));
            events.add(new LeadEvent(e.get("id").asText(), e.get("type").asText(), Instant.parse(e.get("at").asText()),
                    data));
        }
        StageStatus previous = lead.get("previous").isNull() ? null : new StageStatus(
                Stage.valueOf(lead.get("previous").asText()), List.of());
        Instant at = Instant.parse(lead.get("scoredAt").asText());
        Qualification q = LeadScorer.score(new LeadHistory(lead.get("email").asText(), events, previous),
                Ruleset.defaults(), at);
        JsonNode x = lead.get("expected");
        String why = q.contributions().toString();
        assertThat(q.fit()).as("fit; %s", why).isEqualTo(x.get("fit").asInt());
        assertThat(q.engagement()).as("engagement; %s", why).isEqualTo(x.get("engagement").asInt());
        assertThat(q.total()).as("total").isEqualTo(x.get("total").asInt());
        assertThat(q.grade()).as("grade").isEqualTo(x.get("grade").asText());
        assertThat(q.stage()).as("stage; %s", q.transition()).isEqualTo(Stage.valueOf(x.get("stage").asText()));
        String transition = q.transition() == null ? null : q.transition().from() + " -> " + q.transition().to();
        assertThat(transition).as("transition").isEqualTo(x.get("transition").isNull() ? null
                : x.get("transition").asText());
        if (x.has("nextChangeAt")) {
            assertThat(q.nextChangeAt()).as("nextChangeAt").isEqualTo(Instant.parse(x.get("nextChangeAt").asText()));
        }
        List<String> expectedTop = new ArrayList<>();
        x.get("topReasons").forEach(r -> expectedTop.add(r.asText()));
        List<String> top = q.contributions().stream().limit(expectedTop.size())
                .map(c -> c.ruleId() + " " + (c.points() == 0 ? "0" : LeadScorer.signed(c.points()))).toList();
        assertThat(top).as("top reasons; %s", why).isEqualTo(expectedTop);
    }
}
