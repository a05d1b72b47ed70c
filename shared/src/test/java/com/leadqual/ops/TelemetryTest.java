package com.leadqual.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final List<String> lines = new ArrayList<>();
    private final Telemetry telemetry = new Telemetry("FormIngest", "req-1", lines::add,
            Clock.fixed(Instant.parse("2026-11-23T19:00:00Z"), ZoneOffset.UTC));

    @Test
    void logLinesAreJsonWithTheRequestIdAndNeverAnEmail() throws Exception {
        telemetry.info("form accepted", "lead", "lead#0123456789ab", "email", "dana@example.com", "count", 3);

        JsonNode line = MAPPER.readTree(lines.get(0));
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("requestId").asText()).isEqualTo("req-1");
        assertThat(line.path("function").asText()).isEqualTo("FormIngest");
        assertThat(line.path("lead").asText()).isEqualTo("lead#0123456789ab");
        assertThat(line.path("email").asText()).isEqualTo("[redacted]");
        assertThat(line.path("count").asInt()).isEqualTo(3);
        assertThat(lines.get(0)).doesNotContain("dana@example.com");
    }

    @Test
    void metricsFlushAsEmbeddedMetricFormatOneDocumentPerDimensionSet() throws Exception {
        telemetry.count("Accepted");
        telemetry.count("Accepted");
        telemetry.count("Rejected", "Reason", "invalid-input");
        telemetry.milliseconds("ScoringTime", 0.5);
        telemetry.milliseconds("ScoringTime", 1.5);
        telemetry.flush();

        assertThat(lines).hasSize(2);
        JsonNode plain = MAPPER.readTree(lines.get(0));
        JsonNode directive = plain.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(plain.path("_aws").path("Timestamp").asLong()).isEqualTo(1795460400000L);
        assertThat(directive.path("Namespace").asText()).isEqualTo("leadqual");
        assertThat(directive.path("Dimensions").get(0).get(0).asText()).isEqualTo("Function");
        assertThat(directive.path("Metrics").findValuesAsText("Name")).containsExactly("Accepted", "ScoringTime");
        assertThat(plain.path("Function").asText()).isEqualTo("FormIngest");
        assertThat(plain.path("Accepted").asDouble()).isEqualTo(2.0);
        assertThat(plain.path("ScoringTime").get(1).asDouble()).isEqualTo(1.5);

        JsonNode byReason = MAPPER.readTree(lines.get(1));
        assertThat(byReason.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").get(0).toString())
                .isEqualTo("[\"Function\",\"Reason\"]");
        assertThat(byReason.path("Reason").asText()).isEqualTo("invalid-input");
        assertThat(byReason.path("Rejected").asDouble()).isEqualTo(1.0);

        lines.clear();
        telemetry.flush();
        assertThat(lines).as("a flush empties the buffer").isEmpty();
    }
}
