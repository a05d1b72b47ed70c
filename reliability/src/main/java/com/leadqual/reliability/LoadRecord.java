package com.leadqual.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One request the load generator sent, and what came back: a line of the requests file that the verifier and the
 * report read. {@code eventId} is the id the service must derive from the request (computed with the shared
 * {@code EventIds} before sending), so a stored event can be traced to the request that caused it even when that
 * request's answer was lost.
 *
 * @param seq           the request's number in the plan
 * @param kind          {@link Kind}
 * @param lead          the lead's number (emails stay out of files)
 * @param eventId       the id the service derives from this request
 * @param replayOf      the seq of the delivery this one repeats (same key and body), or -1 for a first delivery
 * @param burst         requests of one burst share this number (-1 for none): distinct events for one lead with
 *                      one intended send time, so their rescorings race
 * @param intendedNanos when the schedule meant to send it, from the run's start
 * @param sentNanos     when it was handed to the HTTP client, from the run's start
 * @param answeredNanos when its answer arrived (or the client gave up), from the run's start
 * @param status        the HTTP status, or 0 when no answer came (timeout, connection error)
 * @param duplicate     the answer's {@code duplicate} flag (false without an answer)
 * @param answerEventId the answer's {@code eventId}, or null
 * @param fromFunction  the answer came from the function (the runner adds {@code apigw-requestid} to those), not
 *                      from the API in front of it (its 503 after 30 s, when the function may still store the event)
 * @param error         what went wrong without an answer, or null
 */
record LoadRecord(int seq, Kind kind, int lead, String eventId, int replayOf, int burst, long intendedNanos,
        long sentNanos, long answeredNanos, int status, boolean duplicate, String answerEventId, boolean fromFunction,
        String error) {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Kind { FORM_JSON, FORM_URLENCODED, WEBINAR }

    boolean replay() {
        return replayOf >= 0;
    }

    boolean answered() {
        return status != 0;
    }

    boolean ok() {
        return status >= 200 && status < 300;
    }

    /**
     * Whether the request may have stored its event without saying so: no answer, or the API's own 5xx (its
     * integration timed out while the function ran on). A function's own 5xx promises nothing was stored.
     */
    boolean answerLost() {
        return !answered() || status >= 500 && !fromFunction;
    }

    /** Latency from the intended send time: a stall of the service or of the generator is not hidden. */
    long latencyNanos() {
        return answeredNanos - intendedNanos;
    }

    /** From the actual send: what a closed-loop client would report. */
    long serviceNanos() {
        return answeredNanos - sentNanos;
    }

    String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("seq", seq).put("kind", kind.name()).put("lead", lead).put("eventId", eventId).put("replayOf", replayOf)
                .put("burst", burst).put("intendedNanos", intendedNanos).put("sentNanos", sentNanos)
                .put("answeredNanos", answeredNanos).put("status", status).put("duplicate", duplicate)
                .put("answerEventId", answerEventId).put("fromFunction", fromFunction).put("error", error);
        return n.toString();
    }

    static LoadRecord fromJson(String line) throws IOException {
        JsonNode n = JSON.readTree(line);
        return new LoadRecord(n.get("seq").asInt(), Kind.valueOf(n.get("kind").asText()), n.get("lead").asInt(),
                n.get("eventId").asText(), n.get("replayOf").asInt(), n.get("burst").asInt(),
                n.get("intendedNanos").asLong(), n.get("sentNanos").asLong(), n.get("answeredNanos").asLong(),
                n.get("status").asInt(), n.get("duplicate").asBoolean(), text(n, "answerEventId"),
                n.get("fromFunction").asBoolean(), text(n, "error"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static void write(Path file, List<LoadRecord> records) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (LoadRecord r : records) {
                out.write(r.toJson());
                out.newLine();
            }
        }
    }

    static List<LoadRecord> read(Path file) throws IOException {
        List<LoadRecord> records = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                records.add(fromJson(line));
            }
        }
        return records;
    }
}
