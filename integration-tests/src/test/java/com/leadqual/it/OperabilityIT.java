package com.leadqual.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What operators see: JSON log lines with request ids and no emails, and the metrics the alarms watch. */
class OperabilityIT {
    private final Stack stack = Stack.get();

    @BeforeEach
    void empty() {
        stack.reset();
        Lambdas.LOG.clear();
    }

    private static List<JsonNode> lines() {
        return Lambdas.LOG.stream().map(ApiEvents::parse).collect(Collectors.toList());
    }

    private static double metric(String function, String name, String dimension, String value) {
        return lines().stream()
                .filter(l -> l.has("_aws") && l.path("Function").asText().equals(function))
                .filter(l -> dimension == null ? !l.has("Reason") && !l.has("Stage") : l.path(dimension).asText().equals(value))
                .mapToDouble(l -> l.path(name).isArray() ? l.path(name).size() : l.path(name).asDouble())
                .sum();
    }

    @Test
    void aRunLeavesStructuredLogsAndTheMetricsOperatorsAlarmOn() {
        var form = Functions.formIngest(stack);
        ApiEvents demo = ApiEvents.sample("form-ingest-json.json").header("idempotency-key", "ops-1");
        Lambdas.invoke(form, demo.json());
        Lambdas.invoke(form, demo.json());
        Lambdas.invoke(form, ApiEvents.sample("form-ingest-json.json").body("{\"email\":\"nope\"}").json());
        Lambdas.invoke(form, ApiEvents.sample("form-ingest-json.json").header("content-type", "text/csv").json());
        stack.pipe.pollOnce();
        Functions.rescoreEventSource(stack, Functions.rescore(stack, Clock.systemUTC()))
                .pollOnce(java.time.Duration.ZERO);

        assertThat(lines()).allSatisfy(line -> assertThat(line.path("requestId").asText()).isNotBlank());
        assertThat(Lambdas.LOG).noneMatch(line -> line.contains("dana.reyes@northwind-analytics.com"));
        assertThat(lines().stream().filter(l -> !l.has("_aws")))
                .allSatisfy(line -> assertThat(line.path("level").asText()).isIn("INFO", "WARN", "ERROR"))
                .anySatisfy(line -> assertThat(line.path("lead").asText()).startsWith("lead#"));

        assertThat(metric("FormIngest", "Accepted", null, null)).isEqualTo(1);
        assertThat(metric("FormIngest", "Duplicate", null, null)).isEqualTo(1);
        assertThat(metric("FormIngest", "Rejected", "Reason", "invalid-input")).isEqualTo(1);
        assertThat(metric("FormIngest", "Rejected", "Reason", "unsupported-media-type")).isEqualTo(1);
        assertThat(metric("Rescore", "StageTransitions", "Stage", "SQL")).isEqualTo(1);
        assertThat(metric("Rescore", "ScoringTime", null, null)).isEqualTo(1);
        assertThat(metric("Rescore", "RescoreLag", null, null)).isEqualTo(1);
        assertThat(metric("Rescore", "StateWritten", null, null)).isEqualTo(1);
    }

    @Test
    void aPoisonMessageIsCountedAsUnreadable() {
        String event = "{\"Records\":[" + RescoreIT.sqsRecord("m-1", "garbage") + "]}";
        Lambdas.invoke(Functions.rescore(stack, Clock.systemUTC()), event);

        assertThat(metric("Rescore", "Unreadable", null, null)).isEqualTo(1);
    }
}
