package com.leadqual.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.scoring.Stage;
import com.leadqual.store.LeadTable;
import com.leadqual.store.StateItems;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ./run demo}: posts the demo leads (local/src/main/resources/demo/leads.json) to the running API over
 * HTTP, as the website and the webinar tool would, waits until every stored lead is scored, and prints the leads
 * by stage with their scores and top reasons, and how long each took from its last POST to its scored state.
 */
public final class Demo {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SCORING_WAIT = Duration.ofSeconds(120);
    private static final List<Stage> STAGE_ORDER = List.of(Stage.SQL, Stage.MQL, Stage.LEAD, Stage.RECYCLED,
            Stage.DISQUALIFIED);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI api;
    private final String origin;
    private final LocalTable table;
    private final PrintStream out;

    private Demo(JsonNode info, LocalTable table, PrintStream out) {
        this.api = URI.create(info.path("api").asText());
        this.origin = "http://localhost:" + api.getPort();
        this.table = table;
        this.out = out;
    }

    /** @return the exit status: 0 when every request got its expected answer and every lead was scored */
    public static int run(JsonNode info, PrintStream out, int latencyProbes) throws Exception {
        try (LocalTable table = LocalTable.of(info)) {
            return new Demo(info, table, out).run(latencyProbes);
        }
    }

    private int run(int latencyProbes) throws Exception {
        JsonNode demo;
        try (InputStream in = Demo.class.getResourceAsStream("/demo/leads.json")) {
            demo = JSON.readTree(in);
        }
        out.println("Demo: " + demo.path("description").asText());
        int unexpected = 0;
        Set<String> leads = new LinkedHashSet<>();
        List<Long> latencies = new ArrayList<>();
        for (JsonNode phase : demo.path("phases")) {
            out.println();
            out.println("== " + phase.path("title").asText());
            Map<String, Instant> lastPost = new LinkedHashMap<>();
            Map<String, Integer> outcomes = new LinkedHashMap<>();
            for (JsonNode request : phase.path("requests")) {
                Sent sent = send(request);
                outcomes.merge(sent.outcome(), 1, Integer::sum);
                if (!sent.expected()) {
                    unexpected++;
                    out.println("  UNEXPECTED: " + request.path("path").asText() + " answered " + sent.status()
                            + " " + sent.body());
                }
                if (request.has("note")) {
                    out.println("  " + sent.status() + " " + request.path("note").asText());
                }
                if (sent.stored()) {
                    lastPost.put(sent.email(), sent.at());
                }
            }
            StringJoiner summary = new StringJoiner(", ");
            outcomes.forEach((what, n) -> summary.add(n + " " + what));
            out.println("  " + phase.path("requests").size() + " requests: " + summary);
            Map<String, Map<String, AttributeValue>> scored = awaitScored(lastPost.keySet());
            for (Map.Entry<String, Instant> post : lastPost.entrySet()) {
                Instant scoredAt = Instant.parse(scored.get(post.getKey()).get(StateItems.SCORED_AT).s());
                latencies.add(Math.max(0, Duration.between(post.getValue(), scoredAt).toMillis()));
            }
            leads.addAll(lastPost.keySet());
            out.println("  every lead scored (" + lastPost.size() + ")");
        }
        out.println();
        printTable(leads);
        out.println();
        out.println("POST -> scored state, per lead (last POST of the lead to its state's scoredAt, while the"
                + " demo posted everything at once): " + stats(latencies));
        if (latencyProbes > 0) {
            measure(latencyProbes);
        }
        return unexpected == 0 ? 0 : 1;
    }

    private record Sent(int status, String body, String email, Instant at, boolean stored, boolean expected,
            String outcome) {
    }

    private Sent send(JsonNode request) throws IOException, InterruptedException {
        ObjectNode body = request.path("body").deepCopy();
        if (request.has("daysAgo")) {
            body.put("occurredAt", Instant.now().minus(request.path("daysAgo").asLong(), ChronoUnit.DAYS)
                    .truncatedTo(ChronoUnit.SECONDS).toString());
        }
        String path = request.path("path").asText();
        boolean form = request.path("as").asText("json").equals("form");
        HttpRequest.Builder b = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("content-type", form ? "application/x-www-form-urlencoded" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form ? urlEncoded(body) : body.toString()));
        if (path.startsWith("/forms")) {
            b.header("origin", origin); // as a browser on the local website sends it
        }
        if (request.has("idempotencyKey")) {
            b.header("idempotency-key", request.path("idempotencyKey").asText());
        }
        Instant at = Instant.now();
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        int expect = request.path("expect").asInt(0);
        boolean accepted = r.statusCode() >= 200 && r.statusCode() < 300 || r.statusCode() == 303;
        boolean expected = expect == 0 ? accepted : r.statusCode() == expect;
        boolean duplicate = accepted && r.body().contains("\"duplicate\":true");
        boolean stored = accepted && !duplicate && request.path("stored").asBoolean(true);
        String outcome = !accepted ? "rejected (" + r.statusCode() + ")" : duplicate ? "duplicate"
                : !request.path("stored").asBoolean(true) ? "dropped (honeypot)"
                : r.statusCode() == 303 ? "redirected (303)" : "accepted";
        return new Sent(r.statusCode(), r.body(), body.path("email").asText().trim().toLowerCase(Locale.ROOT), at,
                stored, expected, outcome);
    }

    private static String urlEncoded(ObjectNode body) {
        StringJoiner pairs = new StringJoiner("&");
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            pairs.add(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(field.getValue().asText(), StandardCharsets.UTF_8));
        }
        return pairs.toString();
    }

    /** Waits until each lead's state counts all its stored events; returns the states. */
    private Map<String, Map<String, AttributeValue>> awaitScored(Set<String> emails) throws InterruptedException {
        Map<String, Map<String, AttributeValue>> scored = new LinkedHashMap<>();
        long deadline = System.nanoTime() + SCORING_WAIT.toNanos();
        while (scored.size() < emails.size()) {
            for (String email : emails) {
                if (!scored.containsKey(email)) {
                    Map<String, AttributeValue> state = LocalTable.scoredState(table.lead(email));
                    if (state != null) {
                        scored.put(email, state);
                    }
                }
            }
            if (scored.size() < emails.size()) {
                if (System.nanoTime() > deadline) {
                    Set<String> waiting = new LinkedHashSet<>(emails);
                    waiting.removeAll(scored.keySet());
                    throw new IllegalStateException(waiting.size() + " lead(s) not scored within "
                            + SCORING_WAIT.toSeconds() + " s; is the rescore pipeline running? (check the runner's"
                            + " output and the RescoreDeadLetterQueue)");
                }
                Thread.sleep(50);
            }
        }
        return scored;
    }

    private void printTable(Set<String> emails) {
        List<Map<String, AttributeValue>> states = new ArrayList<>();
        for (String email : emails) {
            states.add(LocalTable.scoredState(table.lead(email)));
        }
        states.sort(Comparator.<Map<String, AttributeValue>>comparingInt(s -> STAGE_ORDER.indexOf(
                Stage.valueOf(s.get(StateItems.STAGE).s()))).thenComparing(s -> -number(s, StateItems.TOTAL)));
        String format = "%-12s %-38s %4s %5s %6s %5s  %s%n";
        out.printf(format, "STAGE", "LEAD", "FIT", "ENG", "TOTAL", "GRADE", "TOP REASONS");
        for (Map<String, AttributeValue> s : states) {
            out.printf(format, s.get(StateItems.STAGE).s(), LeadTable.emailOf(s.get(LeadTable.PK).s()),
                    number(s, StateItems.FIT), number(s, StateItems.ENGAGEMENT), number(s, StateItems.TOTAL),
                    s.get(StateItems.GRADE).s(), reasons(s));
        }
        Map<String, Integer> perStage = new LinkedHashMap<>();
        STAGE_ORDER.forEach(stage -> perStage.put(stage.name(), 0));
        states.forEach(s -> perStage.merge(s.get(StateItems.STAGE).s(), 1, Integer::sum));
        StringJoiner counts = new StringJoiner(", ");
        perStage.forEach((stage, n) -> counts.add(n + " " + stage));
        out.println(states.size() + " leads: " + counts);
    }

    private static String reasons(Map<String, AttributeValue> state) {
        StringJoiner joined = new StringJoiner("; ");
        AttributeValue reasons = state.get(StateItems.REASONS);
        if (reasons != null && reasons.hasL()) {
            reasons.l().stream().limit(3).forEach(r -> joined.add(r.m().get("text").s()));
        }
        String text = joined.toString();
        return text.length() <= 110 ? text : text.substring(0, 107) + "...";
    }

    private static int number(Map<String, AttributeValue> item, String name) {
        return Integer.parseInt(item.get(name).n());
    }

    /** One form at a time, each waited for: the pipeline's latency without queueing behind other leads. */
    private void measure(int probes) throws Exception {
        List<Long> latencies = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < probes; i++) {
            String email = "latency-probe-" + run + "-" + i + "@example.org";
            ObjectNode body = JSON.createObjectNode().put("email", email).put("formType", "newsletter")
                    .put("consent", true);
            Instant at = Instant.now();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.resolve("/forms"))
                    .header("content-type", "application/json").header("origin", origin)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 202) {
                throw new IllegalStateException("latency probe answered " + r.statusCode() + ": " + r.body());
            }
            Map<String, AttributeValue> state = awaitScored(Set.of(email)).get(email);
            latencies.add(Duration.between(at, Instant.parse(state.get(StateItems.SCORED_AT).s())).toMillis());
        }
        out.println("POST -> scored state, " + probes + " sequential forms (leads latency-probe-" + run
                + "-*@example.org): " + stats(latencies));
    }

    static String stats(List<Long> millis) {
        if (millis.isEmpty()) {
            return "no samples";
        }
        List<Long> sorted = millis.stream().sorted().toList();
        long median = sorted.get(sorted.size() / 2);
        long p90 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1));
        return "median " + median + " ms, p90 " + p90 + " ms, min " + sorted.get(0) + " ms, max "
                + sorted.get(sorted.size() - 1) + " ms over " + sorted.size();
    }
}
