package com.leadqual.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadqual.scoring.Stage;
import com.leadqual.scoring.StageChange;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryIdsTest {
    private static final Instant AT = Instant.parse("2026-11-23T19:00:00.123456Z");
    private static final StageChange TO_SQL = new StageChange(Stage.MQL, Stage.SQL, "hand-raise", AT);

    @Test
    void theSameTransitionAlwaysHasTheSameIdWhateverItsReasonText() {
        String id = DeliveryIds.of("LEAD#dana@example.com", TO_SQL);
        assertThat(id).hasSize(32).matches("[0-9a-f]{32}").doesNotContain("dana");
        assertThat(DeliveryIds.of("LEAD#dana@example.com",
                new StageChange(Stage.MQL, Stage.SQL, "reworded reason", Instant.parse("2026-11-23T19:00:00.123456Z"))))
                .isEqualTo(id);
    }

    @Test
    void anotherLeadStageOrInstantIsAnotherDelivery() {
        String id = DeliveryIds.of("LEAD#dana@example.com", TO_SQL);
        assertThat(DeliveryIds.of("LEAD#kim@example.com", TO_SQL)).isNotEqualTo(id);
        assertThat(DeliveryIds.of("LEAD#dana@example.com", new StageChange(Stage.LEAD, Stage.SQL, "x", AT)))
                .isNotEqualTo(id);
        assertThat(DeliveryIds.of("LEAD#dana@example.com", new StageChange(Stage.MQL, Stage.RECYCLED, "x", AT)))
                .isNotEqualTo(id);
        assertThat(DeliveryIds.of("LEAD#dana@example.com",
                new StageChange(Stage.MQL, Stage.SQL, "x", AT.plusNanos(1000)))).isNotEqualTo(id);
    }
}
