package com.leadqual.reliability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/** The figures of one measured run, from its requests file, as the Markdown the suite prints. */
final class LoadReport {
    private LoadReport() {
    }

    /** Nearest rank: the smallest value with at least {@code p} of all values at or below it. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    static long[] sorted(List<LoadRecord> records, ToLongFunction<LoadRecord> value) {
        long[] values = records.stream().filter(LoadRecord::answered).mapToLong(value).toArray();
        Arrays.sort(values);
        return values;
    }

    /** "202 new", "202 duplicate", "503", "no answer (HttpTimeoutException)": counted, in that order of status. */
    static Map<String, Integer> answers(List<LoadRecord> records) {
        Map<String, Integer> counts = new TreeMap<>();
        for (LoadRecord r : records) {
            String key = !r.answered() ? "no answer (" + r.error() + ")"
                    : r.status() + (r.ok() ? (r.duplicate() ? " duplicate" : " new") : "");
            counts.merge(key, 1, Integer::sum);
        }
        return counts;
    }

    static long errors(List<LoadRecord> records) {
        return records.stream().filter(r -> !r.ok()).count();
    }

    /** The run's figures as a Markdown table. */
    static List<String> figures(List<LoadRecord> records, double offeredRate, int seconds, String drained) {
        List<String> lines = new ArrayList<>();
        Map<LoadRecord.Kind, Long> byKind = new TreeMap<>(records.stream()
                .collect(Collectors.groupingBy(LoadRecord::kind, Collectors.counting())));
        long replays = records.stream().filter(LoadRecord::replay).count();
        long inBursts = records.stream().filter(r -> r.burst() >= 0).count();
        long lastAnswer = records.stream().mapToLong(LoadRecord::answeredNanos).max().orElse(0);
        long lastSent = records.stream().mapToLong(LoadRecord::sentNanos).max().orElse(0);
        long answered = records.stream().filter(LoadRecord::answered).count();
        long maxSendLag = records.stream().mapToLong(r -> r.sentNanos() - r.intendedNanos()).max().orElse(0);
        long[] latency = sorted(records, LoadRecord::latencyNanos);
        long[] service = sorted(records, LoadRecord::serviceNanos);
        lines.add("| figure | value |");
        lines.add("| --- | --- |");
        lines.add("| offered (open loop) | " + fmt(offeredRate) + " requests/s for " + seconds + " s: " + records.size()
                + " requests (" + byKind.entrySet().stream().map(e -> e.getValue() + " " + kindName(e.getKey()))
                        .collect(Collectors.joining(", ")) + "); " + replays + " replayed deliveries ("
                + pct(replays, records.size()) + "), " + inBursts + " in same-lead bursts |");
        lines.add("| achieved | " + fmt(records.size() / (lastSent / 1e9)) + " requests/s sent (last send at "
                + fmt(lastSent / 1e9) + " s, at most " + ms(maxSendLag) + " ms behind schedule); " + answered
                + " answered, " + fmt(answered / (lastAnswer / 1e9)) + "/s from the first send to the last answer |");
        lines.add("| answers | " + answers(records).entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ")) + "; errors (not 2xx): " + errors(records) + " |");
        lines.add("| latency from the intended send time | p50 " + ms(percentile(latency, 0.5)) + " ms, p90 "
                + ms(percentile(latency, 0.9)) + " ms, p99 " + ms(percentile(latency, 0.99)) + " ms, max "
                + ms(percentile(latency, 1)) + " ms |");
        lines.add("| latency from the actual send (what a closed-loop client reports) | p50 " + ms(percentile(service, 0.5))
                + " ms, p99 " + ms(percentile(service, 0.99)) + " ms, max " + ms(percentile(service, 1)) + " ms |");
        lines.add("| last POST to drained | " + drained + " |");
        return lines;
    }

    private static String kindName(LoadRecord.Kind kind) {
        return switch (kind) {
            case FORM_JSON -> "JSON forms";
            case FORM_URLENCODED -> "urlencoded forms";
            case WEBINAR -> "webinar events";
        };
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String ms(long nanos) {
        return nanos >= 10_000_000 ? Long.toString(Math.round(nanos / 1e6))
                : String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static String pct(long part, long whole) {
        return whole == 0 ? "0%" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    static List<String> checks(List<LoadVerifier.Check> checks) {
        List<String> lines = new ArrayList<>();
        lines.add("| check | result | detail |");
        lines.add("| --- | --- | --- |");
        for (LoadVerifier.Check c : checks) {
            lines.add("| " + c.name() + " | " + (c.passed() ? "pass" : "**FAIL**") + " | "
                    + c.detail().replace("|", "\\|") + " |");
        }
        return lines;
    }
}
