package com.leadqual.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.scoring.Stage;
import com.leadqual.scoring.StageChange;
import com.leadqual.store.LeadState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageNotificationTest {
    static final StageChange TO_SQL = new StageChange(Stage.MQL, Stage.SQL,
            "hand-raise demo request (event e-2) with fit 45 >= 30", Instant.parse("2026-11-23T19:00:00.250Z"));

    static LeadState state(StageChange transition) {
        return new LeadState("LEAD#dana@northwind-analytics.com", "dana@northwind-analytics.com", Stage.SQL, 45, 40,
                85, "A", List.of(new LeadState.Reason("demo-request", "ENGAGEMENT", 25, 1, "+25 demo request")),
                transition == null ? List.of() : List.of(transition), transition, "rules-v1",
                Instant.parse("2026-11-23T19:00:00.250Z"), null, 2, 3);
    }

    @Test
    void theBodyCarriesTheEmailTheStageChangeScoresAndReasons() throws Exception {
        StageNotification n = StageNotification.of(state(TO_SQL));
        JsonNode body = new ObjectMapper().readTree(n.toJson());

        assertThat(body.path("type").asText()).isEqualTo("lead.stage_changed");
        assertThat(body.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(body.path("deliveryId").asText()).isEqualTo(DeliveryIds.of("LEAD#dana@northwind-analytics.com", TO_SQL));
        assertThat(body.path("leadId").asText()).startsWith("lead#").hasSize(17);
        assertThat(body.path("email").asText()).isEqualTo("dana@northwind-analytics.com");
        assertThat(body.path("stage").asText()).isEqualTo("SQL");
        assertThat(body.path("transition").path("from").asText()).isEqualTo("MQL");
        assertThat(body.path("transition").path("to").asText()).isEqualTo("SQL");
        assertThat(body.path("transition").path("at").asText()).isEqualTo("2026-11-23T19:00:00.250Z");
        assertThat(body.path("transition").path("reason").asText()).startsWith("hand-raise");
        assertThat(body.path("fit").asInt()).isEqualTo(45);
        assertThat(body.path("engagement").asInt()).isEqualTo(40);
        assertThat(body.path("total").asInt()).isEqualTo(85);
        assertThat(body.path("grade").asText()).isEqualTo("A");
        assertThat(body.path("reasons").get(0).path("text").asText()).isEqualTo("+25 demo request");
        assertThat(body.path("rulesVersion").asText()).isEqualTo("rules-v1");
        assertThat(body.path("scoredAt").asText()).isEqualTo("2026-11-23T19:00:00.250Z");
        assertThat(n.toJson()).as("stable bytes").isEqualTo(StageNotification.of(state(TO_SQL)).toJson());
    }

    @Test
    void aStateWithoutATransitionHasNothingToNotify() {
        assertThatThrownBy(() -> StageNotification.of(state(null))).hasMessageContaining("no stage transition");
    }
}
