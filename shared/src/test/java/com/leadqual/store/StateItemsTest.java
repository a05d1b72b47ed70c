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
import com.leadqual.scoring.StageChange;
import com.leadqual.scoring.StageStatus;
import java.time.Instant;
import java.util.ArrayList;
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
        return LeadScorer.score(new LeadHistory("dana.reyes@northwind-analytics.com", List.of(demoEvent()), null),
                Ruleset.defaults(), NOW);
    }

    static LeadEvent demoEvent() {
        return new LeadEvent("evt-1", "form_submitted", Instant.parse("2026-11-23T18:59:00Z"), Map.of(
                "formType", "demo_request", "firstName", "Dana", "company", "Northwind Analytics",
                "jobTitle", "VP of Marketing", "companySize", "250", "industry", "software", "country", "US",
                "consent", "true"));
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
    void theItemKeepsTheNewestStageChangesAndItsTransitionNamesTheNewest() {
        Map<String, AttributeValue> item = null;
        Qualification q = null;
        List<StageChange> all = new ArrayList<>();
        for (int scoring = 0; scoring < StateItems.STAGE_CHANGES_KEPT + 2; scoring++) {
            // the sales side recycled the SQL lead, so its demo request makes it SQL once more
            StageStatus previous = item == null ? null : new StageStatus(Stage.RECYCLED, StateItems.status(item).history());
            q = LeadScorer.score(new LeadHistory("dana.reyes@northwind-analytics.com", List.of(demoEvent()),
                    previous), Ruleset.defaults(), NOW.plusSeconds(3600L * scoring));
            all.add(q.transition());
            item = StateItems.toItem(LEAD_KEY, q, 1, scoring + 1);
        }
        LeadState state = StateItems.fromItem(item);

        assertThat(state.stageHistory()).hasSize(StateItems.STAGE_CHANGES_KEPT)
                .isEqualTo(all.subList(all.size() - StateItems.STAGE_CHANGES_KEPT, all.size()));
        assertThat(state.transition()).isEqualTo(q.transition()).isEqualTo(all.get(all.size() - 1));
        assertThat(item.get(StateItems.TRANSITION).m()).containsOnlyKeys("from", "to");
        assertThat(item).doesNotContainKey("profile");
        assertThat(state.reasons().stream().filter(r -> !r.kind().equals("DISQUALIFIER")))
                .hasSize(StateItems.TOP_REASONS);

        Map<String, AttributeValue> damaged = new HashMap<>(item);
        damaged.put(StateItems.TRANSITION, AttributeValue.fromM(Map.of("from", AttributeValue.fromS("LEAD"),
                "to", AttributeValue.fromS("MQL"))));
        assertThatThrownBy(() -> StateItems.fromItem(damaged)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newest");
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
