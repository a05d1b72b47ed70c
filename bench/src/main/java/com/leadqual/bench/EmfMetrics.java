package com.leadqual.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;

/** A function's log output read the way CloudWatch reads it: the counts of its embedded-metric-format lines. */
final class EmfMetrics implements Consumer<String> {
    private final Map<String, DoubleAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void accept(String line) {
        if (!line.contains("\"_aws\"")) {
            return;
        }
        JsonNode document = SampleEvents.read(line);
        for (JsonNode directive : document.path("_aws").path("CloudWatchMetrics")) {
            for (JsonNode metric : directive.path("Metrics")) {
                if (metric.path("Unit").asText().equals("Count")) {
                    String name = metric.path("Name").asText();
                    counts.computeIfAbsent(name, k -> new DoubleAdder()).add(document.path(name).asDouble());
                }
            }
        }
    }

    long count(String metric) {
        DoubleAdder adder = counts.get(metric);
        return adder == null ? 0 : Math.round(adder.sum());
    }

    void reset() {
        counts.clear();
    }
}
