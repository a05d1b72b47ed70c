package com.leadqual.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.intake.EventIds;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Offers a sustained open-loop rate to a running API (the local runner) from its own process: request i is due at
 * {@code i / rate} seconds whatever happened to the ones before, and its latency is measured from that intended
 * time, so a stall of the service shows in the latency of every request that should have gone out during it
 * (no coordinated omission). The mix: website forms as JSON (with an Idempotency-Key) and urlencoded (with a
 * submissionId), webinar events on {@code POST /webinars} (with an eventId); a share of replayed deliveries
 * (the same headers and body as an earlier delivery that was answered 2xx, so the answer must say duplicate); and
 * bursts of distinct events for one lead sent at the same instant, so their rescorings race.
 *
 * <p>Writes every request and its answer to {@code <out>/requests.jsonl} ({@link LoadRecord}) and the run's
 * parameters to {@code <out>/generator.json}; {@link LoadVerifier} and {@link LoadReport} read them.
 *
 * <pre>java -cp reliability/target/reliability.jar com.leadqual.reliability.LoadGenerator \
 *   --url http://127.0.0.1:3000 --seconds 60 --rate 20 --replays 0.1 --leads 300 --out reliability/target/load</pre>
 */
public final class LoadGenerator {
    static final Set<String> OPTIONS = Set.of("url", "seconds", "rate", "replays", "leads", "webinars", "urlencoded",
            "bursts", "burst-size", "max-in-flight", "seed", "out");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(35); // over API Gateway's 30 s
    private static final String[] FORM_TYPES = {"demo_request", "contact_sales", "content_download", "newsletter",
        "trial_signup", "pricing_inquiry"};
    private static final String[] WEBINAR_EVENTS = {"registered", "attended", "no_show", "question_asked"};
    private static final String[] INDUSTRIES = {"software", "logistics", "retail", "finance", "manufacturing"};
    private static final String[] TITLES = {"VP of Marketing", "Operations Manager", "Chief Technology Officer",
        "Data Engineer", "Head of Sales", "Student"};
    private static final String[] COUNTRIES = {"US", "DE", "GB", "FR", "BR", "IN"};

    /** A request ready to send: everything a replay repeats. */
    record Planned(int seq, LoadRecord.Kind kind, int lead, String eventId, int replayOf, int burst, String path,
            String contentType, String idempotencyKey, String body) {
    }

    record Settings(URI url, int seconds, double rate, double replays, int leads, double webinars, double urlencoded,
            double bursts, int burstSize, int maxInFlight, long seed, Path out) {
        static Settings of(Options o) {
            Settings s = new Settings(URI.create(o.text("url", "http://127.0.0.1:3000")), o.integer("seconds", 60),
                    o.number("rate", 20), o.share("replays", 0.1), o.integer("leads", 300), o.share("webinars", 0.25),
                    o.share("urlencoded", 0.3), o.share("bursts", 0.05), o.integer("burst-size", 3),
                    o.integer("max-in-flight", 2000), Long.parseLong(o.text("seed", "1")),
                    Path.of(o.text("out", "reliability/target/load")));
            if (s.rate <= 0 || s.seconds <= 0 || s.leads <= 0 || s.burstSize < 2 || s.maxInFlight <= 0) {
                throw new IllegalArgumentException("--rate, --seconds, --leads, --max-in-flight must be > 0 and"
                        + " --burst-size >= 2");
            }
            return s;
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.of(Options.parse(args, OPTIONS));
        List<LoadRecord> records = run(settings);
        LoadRecord.write(settings.out().resolve("requests.jsonl"), records);
        long answered = records.stream().filter(LoadRecord::answered).count();
        System.out.println("sent " + records.size() + " requests, " + answered + " answered, "
                + records.stream().filter(LoadRecord::ok).count() + " 2xx; " + settings.out().resolve("requests.jsonl"));
    }

    static List<LoadRecord> run(Settings s) throws Exception {
        // The client's own threads only parse answers; the schedule runs on this thread and never waits for one.
        ExecutorService clientThreads = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(clientThreads).build();
        String run = Long.toString(System.currentTimeMillis(), 36); // ids unique across runs on a kept table
        Random random = new Random(s.seed());
        int total = (int) Math.round(s.seconds() * s.rate());
        List<Planned> firstDeliveriesAnswered = Collections.synchronizedList(new ArrayList<>());
        List<LoadRecord> records = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> pending = new ArrayList<>();
        Semaphore inFlight = new Semaphore(s.maxInFlight());
        long startEpochMillis = System.currentTimeMillis() + 100;
        long start = System.nanoTime() + 100_000_000;
        double interval = 1e9 / s.rate();
        int bursts = 0;
        for (int i = 0; i < total; ) {
            long intended = (long) (i * interval);
            List<Planned> batch = new ArrayList<>();
            if (!firstDeliveriesAnswered.isEmpty() && random.nextDouble() < s.replays()) {
                Planned original;
                synchronized (firstDeliveriesAnswered) {
                    original = firstDeliveriesAnswered.get(random.nextInt(firstDeliveriesAnswered.size()));
                }
                batch.add(new Planned(i, original.kind(), original.lead(), original.eventId(), original.seq(), -1,
                        original.path(), original.contentType(), original.idempotencyKey(), original.body()));
            } else if (random.nextDouble() < s.bursts() && i + s.burstSize() <= total) {
                int lead = random.nextInt(s.leads());
                int burst = bursts++;
                for (int k = 0; k < s.burstSize(); k++) {
                    batch.add(newEvent(i + k, run, lead, burst, random, s));
                }
            } else {
                batch.add(newEvent(i, run, random.nextInt(s.leads()), -1, random, s));
            }
            long wait;
            while ((wait = start + intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            for (Planned p : batch) {
                inFlight.acquire();
                long sent = System.nanoTime() - start;
                pending.add(http.sendAsync(request(s.url(), p), HttpResponse.BodyHandlers.ofString())
                        .handle((response, failure) -> {
                            long answered = System.nanoTime() - start;
                            inFlight.release();
                            LoadRecord r = record(p, intended, sent, answered, response, failure);
                            records.add(r);
                            if (p.replayOf() < 0 && r.ok()) {
                                firstDeliveriesAnswered.add(p);
                            }
                            return null;
                        }));
            }
            i += batch.size();
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .get(REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        clientThreads.shutdownNow();
        List<LoadRecord> sorted = new ArrayList<>(records);
        sorted.sort((a, b) -> Integer.compare(a.seq(), b.seq()));
        writeSettings(s, total, startEpochMillis);
        return sorted;
    }

    private static void writeSettings(Settings s, int total, long startEpochMillis) throws java.io.IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("url", s.url().toString()).put("seconds", s.seconds()).put("rate", s.rate()).put("planned", total)
                .put("replays", s.replays()).put("leads", s.leads()).put("webinars", s.webinars())
                .put("urlencoded", s.urlencoded()).put("bursts", s.bursts()).put("burstSize", s.burstSize())
                .put("startEpochMillis", startEpochMillis);
        Files.createDirectories(s.out());
        Files.writeString(s.out().resolve("generator.json"), n.toPrettyString());
    }

    static HttpRequest request(URI base, Planned p) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(p.path())).timeout(REQUEST_TIMEOUT)
                .header("content-type", p.contentType()).POST(HttpRequest.BodyPublishers.ofString(p.body()));
        if (p.idempotencyKey() != null) {
            b.header("idempotency-key", p.idempotencyKey());
        }
        return b.build();
    }

    private static LoadRecord record(Planned p, long intended, long sent, long answered,
            HttpResponse<String> response, Throwable failure) {
        if (response == null) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            return new LoadRecord(p.seq(), p.kind(), p.lead(), p.eventId(), p.replayOf(), p.burst(), intended, sent,
                    answered, 0, false, null, false, cause.getClass().getSimpleName());
        }
        boolean duplicate = false;
        String answerId = null;
        try {
            JsonNode answer = JSON.readTree(response.body());
            duplicate = answer.path("duplicate").asBoolean(false);
            answerId = answer.hasNonNull("eventId") ? answer.get("eventId").asText() : null;
        } catch (java.io.IOException notJson) {
            // an error page: the status says enough
        }
        return new LoadRecord(p.seq(), p.kind(), p.lead(), p.eventId(), p.replayOf(), p.burst(), intended, sent,
                answered, response.statusCode(), duplicate, answerId,
                response.headers().firstValue("apigw-requestid").isPresent(), null);
    }

    /** A first delivery of a new event for {@code lead}: its kind drawn from the mix. */
    static Planned newEvent(int seq, String run, int lead, int burst, Random random, Settings s) {
        String unique = "load-" + run + "-" + seq;
        String email = email(lead);
        double kind = random.nextDouble();
        if (kind < s.webinars()) {
            Map<String, Object> body = new LinkedHashMap<>();
            String event = WEBINAR_EVENTS[random.nextInt(WEBINAR_EVENTS.length)];
            body.put("email", email);
            body.put("event", event);
            body.put("webinarId", "wb-load-" + random.nextInt(5));
            if (event.equals("attended")) {
                body.put("minutes", 5 + random.nextInt(80));
            }
            body.put("eventId", unique);
            body.put("company", company(lead));
            return new Planned(seq, LoadRecord.Kind.WEBINAR, lead, EventIds.of(EventIds.WEBINAR, unique), -1, burst,
                    "/webinars", "application/json", null, json(body));
        }
        Map<String, Object> form = profile(lead);
        form.put("formType", FORM_TYPES[random.nextInt(FORM_TYPES.length)]);
        if (kind < s.webinars() + (1 - s.webinars()) * s.urlencoded()) {
            // As a plain HTML form posts: no header of its own, its identity in a hidden field.
            form.put("submissionId", unique);
            StringBuilder body = new StringBuilder();
            form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                    .append(URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)));
            return new Planned(seq, LoadRecord.Kind.FORM_URLENCODED, lead,
                    EventIds.of(EventIds.FORM_SUBMISSION, unique), -1, burst, "/forms",
                    "application/x-www-form-urlencoded", null, body.toString());
        }
        return new Planned(seq, LoadRecord.Kind.FORM_JSON, lead, EventIds.of(EventIds.FORM_KEY, unique), -1, burst,
                "/forms", "application/json", unique, json(form));
    }

    /** A lead's profile is fixed by its number, so its fit does not change with the order of its events. */
    private static Map<String, Object> profile(int lead) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("email", email(lead));
        form.put("firstName", "Lead" + lead);
        form.put("company", company(lead));
        form.put("jobTitle", TITLES[lead % TITLES.length]);
        form.put("companySize", Integer.toString(10 + (lead % 7) * 300));
        form.put("industry", INDUSTRIES[lead % INDUSTRIES.length]);
        form.put("country", COUNTRIES[lead % COUNTRIES.length]);
        form.put("consent", lead % 5 != 0);
        return form;
    }

    /** Mostly company domains, some free-mail ones (fit and grade differ by domain class). */
    static String email(int lead) {
        String domain = lead % 10 == 9 ? "gmail.com" : "company" + (lead % 40) + "-load.com";
        return "load" + lead + "@" + domain;
    }

    private static String company(int lead) {
        return "Company " + (lead % 40);
    }

    private static String json(Map<String, Object> fields) {
        return JSON.valueToTree(fields).toString();
    }
}
