package com.leadqual.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One invocation's structured logs and metrics, as JSON lines on standard output: Lambda ships those to
 * CloudWatch Logs as they are, and CloudWatch extracts the metrics from the embedded-metric-format lines
 * ({@code _aws}) without any API call on the request path. Every line carries the request id.
 */
public final class Telemetry {
    public static final String NAMESPACE = "leadqual";
    public static final String FUNCTION = "Function";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String function;
    private final String requestId;
    private final Consumer<String> out;
    private final Clock clock;
    /** Metric values by dimension set (the extra dimension's name and value, or none), in emission order. */
    private final Map<List<String>, Map<String, Metric>> metrics = new LinkedHashMap<>();

    private record Metric(String unit, List<Double> values) {
    }

    public Telemetry(String function, String requestId, Consumer<String> out, Clock clock) {
        this.function = function;
        this.requestId = requestId;
        this.out = out;
        this.clock = clock;
    }

    /** Standard output, which Lambda forwards to CloudWatch Logs line by line. */
    public static Consumer<String> stdout() {
        return System.out::println;
    }

    public void info(String message, Object... keyValues) {
        log("INFO", message, keyValues);
    }

    public void warn(String message, Object... keyValues) {
        log("WARN", message, keyValues);
    }

    public void error(String message, Object... keyValues) {
        log("ERROR", message, keyValues);
    }

    /**
     * Fields come as name/value pairs. A value that looks like an email address is replaced: callers pass
     * {@code Emails.redact(email)}, and this guard keeps a slip from ever reaching the logs.
     */
    private void log(String level, String message, Object... keyValues) {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("timestamp", clock.instant().toString());
        line.put("level", level);
        line.put("function", function);
        line.put("requestId", requestId);
        line.put("message", message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            String text = String.valueOf(value);
            if (text.indexOf('@') >= 0) {
                line.put(String.valueOf(keyValues[i]), "[redacted]");
            } else if (value instanceof Number number) {
                line.put(String.valueOf(keyValues[i]), number.doubleValue());
            } else if (value instanceof Boolean bool) {
                line.put(String.valueOf(keyValues[i]), bool);
            } else {
                line.put(String.valueOf(keyValues[i]), text);
            }
        }
        out.accept(line.toString());
    }

    public void count(String metric) {
        record(List.of(), metric, "Count", 1);
    }

    /** A count under one extra dimension, e.g. Rejected by Reason. */
    public void count(String metric, String dimension, String value) {
        count(metric, dimension, value, 1);
    }

    public void count(String metric, String dimension, String value, long amount) {
        record(List.of(dimension, value), metric, "Count", amount);
    }

    public void milliseconds(String metric, double value) {
        record(List.of(), metric, "Milliseconds", value);
    }

    private void record(List<String> dimension, String metric, String unit, double value) {
        metrics.computeIfAbsent(dimension, d -> new LinkedHashMap<>())
                .computeIfAbsent(metric, m -> new Metric(unit, new ArrayList<>()))
                .values().add(value);
    }

    /** Writes one embedded-metric-format line per dimension set; call once at the end of the invocation. */
    public void flush() {
        long timestamp = clock.millis();
        for (Map.Entry<List<String>, Map<String, Metric>> set : metrics.entrySet()) {
            ObjectNode document = MAPPER.createObjectNode();
            ObjectNode aws = document.putObject("_aws");
            aws.put("Timestamp", timestamp);
            ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
            directive.put("Namespace", NAMESPACE);
            ArrayNode dimensions = directive.putArray("Dimensions").addArray().add(FUNCTION);
            document.put(FUNCTION, function);
            if (!set.getKey().isEmpty()) {
                dimensions.add(set.getKey().get(0));
                document.put(set.getKey().get(0), set.getKey().get(1));
            }
            ArrayNode definitions = directive.putArray("Metrics");
            for (Map.Entry<String, Metric> metric : set.getValue().entrySet()) {
                definitions.addObject().put("Name", metric.getKey()).put("Unit", metric.getValue().unit());
                List<Double> values = metric.getValue().values();
                if (metric.getValue().unit().equals("Count")) {
                    document.put(metric.getKey(), values.stream().mapToDouble(Double::doubleValue).sum());
                } else {
                    ArrayNode array = document.putArray(metric.getKey());
                    values.forEach(array::add);
                }
            }
            document.put("requestId", requestId);
            out.accept(document.toString());
        }
        metrics.clear();
    }
}
