package com.leadqual.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadReportTest {
    @Test
    void percentilesAreNearestRank() {
        long[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(LoadReport.percentile(values, 0.5)).isEqualTo(5);
        assertThat(LoadReport.percentile(values, 0.9)).isEqualTo(9);
        assertThat(LoadReport.percentile(values, 0.99)).isEqualTo(10);
        assertThat(LoadReport.percentile(values, 1)).isEqualTo(10);
        assertThat(LoadReport.percentile(new long[] {42}, 0.5)).isEqualTo(42);
        assertThat(LoadReport.percentile(new long[0], 0.5)).isZero();
    }

    /** A stall shows in the latency from the intended send, not in the one from the actual send. */
    @Test
    void latencyCountsFromTheIntendedSendTime() {
        LoadRecord late = new LoadRecord(0, LoadRecord.Kind.FORM_JSON, 0, "a", -1, -1, 0, 900_000_000L, 1_000_000_000L,
                202, false, "a", true, null);
        assertThat(late.latencyNanos()).isEqualTo(1_000_000_000L);
        assertThat(late.serviceNanos()).isEqualTo(100_000_000L);
    }

    @Test
    void answersAreCountedByStatusNewOrDuplicateAndMissing() {
        List<LoadRecord> records = List.of(
                new LoadRecord(0, LoadRecord.Kind.FORM_JSON, 0, "a", -1, -1, 0, 0, 1, 202, false, "a", true, null),
                new LoadRecord(1, LoadRecord.Kind.FORM_JSON, 0, "a", 0, -1, 0, 0, 1, 202, true, "a", true, null),
                new LoadRecord(2, LoadRecord.Kind.WEBINAR, 0, "b", -1, -1, 0, 0, 1, 503, false, null, true, null),
                new LoadRecord(3, LoadRecord.Kind.WEBINAR, 0, "c", -1, -1, 0, 0, 1, 0, false, null, false, "HttpTimeoutException"));
        assertThat(LoadReport.answers(records)).containsExactly(
                java.util.Map.entry("202 duplicate", 1), java.util.Map.entry("202 new", 1),
                java.util.Map.entry("503", 1), java.util.Map.entry("no answer (HttpTimeoutException)", 1));
        assertThat(LoadReport.errors(records)).isEqualTo(2);
    }

    @Test
    void onlyNoAnswerOrTheApisOwn5xxMayHaveStoredWithoutSaying() {
        assertThat(record(0, false, null).answerLost()).isTrue();
        assertThat(record(503, false, null).answerLost()).as("the API's 503 after 30 s").isTrue();
        assertThat(record(503, true, null).answerLost()).as("the function's own 503").isFalse();
        assertThat(record(202, true, null).answerLost()).isFalse();
        assertThat(record(400, true, null).answerLost()).isFalse();
    }

    private static LoadRecord record(int status, boolean fromFunction, String error) {
        return new LoadRecord(0, LoadRecord.Kind.FORM_JSON, 0, "a", -1, -1, 0, 0, 1, status, false, null, fromFunction,
                error);
    }

    @Test
    void anUnknownOptionIsRefused() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--rat", "5"}, Set.of("rate")))
                .hasMessageContaining("unknown option --rat");
        assertThatThrownBy(() -> Options.parse(new String[] {"--replays", "1.5"}, Set.of("replays")).share("replays", 0))
                .hasMessageContaining("between 0 and 1");
    }
}
