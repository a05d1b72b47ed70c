package com.leadqual.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.scoring.LeadEvent;
import com.leadqual.scoring.LeadHistory;
import com.leadqual.scoring.LeadScorer;
import com.leadqual.scoring.Qualification;
import com.leadqual.scoring.Ruleset;
import com.leadqual.scoring.Stage;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The state item reads back into what it was written from, from the table and from a stream image alike. */
class StateItemsTest {
    static final String LEAD_KEY = "LEAD#dana.reyes@northwind-analytics.com";
    static final Instant NOW = Instant.parse("2026-11-23T19:00:00.250Z");

    static Qualification demoRequest() {
        LeadEvent demo = new LeadEvent("evt-1", "form_submitted", Instant.parse("2026-11-23T18:59:00Z"), Map.of(
                "formType", "demo_request", "firstName", "Dana", "company", "Northwind Analytics",
                "jobTitle", "VP of Marketing", "companySize", "250", "industry", "software", "country", "US",
                "consent", "true"));
        return LeadScorer.score(new LeadHistory("dana.reyes@northwind-analytics.com", List.of(demo), null),
                Ruleset.defaults(), NOW);
    }

    @Test
    void aWrittenStateReadsBackAsTheQualificationItRecords() {
        Qualification q = demoRequest();
        LeadState state = StateItems.fromItem(StateItems.toItem(LEAD_KEY, q, 1, 1));

        assertThat(state.leadKey()).isEqualTo(LEAD_KEY);
        assertThat(state.email()).isEqualTo("dana.reyes@northwind-analytics.com");
        assertThat(state.stage()).isEqualTo(q.stage()).isEqualTo(Stage.SQL);
        assertThat(state.fit()).isEqualTo(q.fit());
        assertThat(state.engagement()).isEqualTo(q.engagement());
        assertThat(state.total()).isEqualTo(q.total());
        assertThat(state.grade()).isEqualTo(q.grade());
        assertThat(state.transition()).isEqualTo(q.transition());
        assertThat(state.stageHistory()).isEqualTo(q.stageHistory());
        assertThat(state.reasons()).isNotEmpty().allSatisfy(r -> assertThat(r.text()).isNotBlank());
        assertThat(state.reasons().get(0).rule()).isEqualTo(q.contributions().get(0).ruleId());
        assertThat(state.rulesVersion()).isEqualTo(q.rulesVersion());
        assertThat(state.scoredAt()).isEqualTo(NOW);
        assertThat(state.nextChangeAt()).isEqualTo(q.nextChangeAt());
        assertThat(state.eventCount()).isEqualTo(1);
        assertThat(state.version()).isEqualTo(1);
    }

    @Test
    void aStreamImageReadsLikeTheItem() throws Exception {
        Map<String, AttributeValue> item = StateItems.toItem(LEAD_KEY, demoRequest(), 1, 1);
        String image = new ObjectMapper().writeValueAsString(dynamoJson(item));

        assertThat(StreamImages.item(new ObjectMapper().readTree(image))).isEqualTo(item);
    }

    @Test
    void anItemThatIsNotAStateOrIsDamagedIsRefusedNamingTheAttribute() {
        Map<String, AttributeValue> item = new HashMap<>(StateItems.toItem(LEAD_KEY, demoRequest(), 1, 1));
        item.put("sk", AttributeValue.fromS("EVENT#1"));
        assertThatThrownBy(() -> StateItems.fromItem(item)).hasMessageContaining("not a lead's state");
        item.put("sk", AttributeValue.fromS("STATE"));
        item.remove("stage");
        assertThatThrownBy(() -> StateItems.fromItem(item)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'stage'");
        item.put("stage", AttributeValue.fromS("CUSTOMER"));
        assertThatThrownBy(() -> StateItems.fromItem(item)).isInstanceOf(IllegalArgumentException.class);
    }

    /** DynamoDB JSON as a stream record carries it, written independently of StreamImages. */
    private static Object dynamoJson(Map<String, AttributeValue> item) {
        Map<String, Object> out = new HashMap<>();
        item.forEach((k, v) -> out.put(k, dynamoJson(v)));
        return out;
    }

    private static Object dynamoJson(AttributeValue v) {
        return switch (v.type()) {
            case S -> Map.of("S", v.s());
            case N -> Map.of("N", v.n());
            case BOOL -> Map.of("BOOL", v.bool());
            case M -> Map.of("M", dynamoJson(v.m()));
            case L -> Map.of("L", v.l().stream().map(StateItemsTest::dynamoJson).toList());
            default -> throw new IllegalArgumentException(v.toString());
        };
    }
}
