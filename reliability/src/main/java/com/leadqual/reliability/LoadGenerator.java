package com.leadqual.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts website forms to a running API (the local runner) for a fixed time from its own process: a share of
 * them are replayed deliveries (same Idempotency-Key and body). Writes every accepted event id to a manifest
 * that {@link LoadVerifier} checks against the table afterwards.
 *
 * <pre>java -cp reliability/target/reliability.jar com.leadqual.reliability.LoadGenerator \
 *   --url http://localhost:3000 --seconds 60 --concurrency 8 --replays 0.1 --leads 500 --manifest target/load.txt</pre>
 */
public final class LoadGenerator {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] FORM_TYPES = {"demo_request", "contact_sales", "content_download", "newsletter",
        "trial_signup", "pricing_inquiry"};
    private static final String[] INDUSTRIES = {"software", "logistics", "retail", "finance", "manufacturing"};
    private static final String[] TITLES = {"VP of Marketing", "Operations Manager", "Chief Technology Officer",
        "Data Engineer", "Head of Sales", "Student"};

    private record Sent(String key, String body) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        URI forms = URI.create(options.getOrDefault("url", "http://localhost:3000") + "/forms");
        Duration length = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "60")));
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "8"));
        double replays = Double.parseDouble(options.getOrDefault("replays", "0.1"));
        int leads = Integer.parseInt(options.getOrDefault("leads", "500"));
        Path manifest = Path.of(options.getOrDefault("manifest", "target/load-manifest.txt"));

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Map<String, String> accepted = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger unanswered = new AtomicInteger();
        AtomicLong sequence = new AtomicLong();
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + length.toNanos();

        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        for (int w = 0; w < concurrency; w++) {
            long seed = w;
            workers.submit(() -> {
                Random random = new Random(seed);
                while (System.nanoTime() < deadline) {
                    Sent request;
                    if (!sent.isEmpty() && random.nextDouble() < replays) {
                        request = sent.get(random.nextInt(sent.size()));
                    } else {
                        long n = sequence.incrementAndGet();
                        request = new Sent("load-" + n, form(random, leads));
                        sent.add(request);
                    }
                    long started = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(forms)
                                        .timeout(Duration.ofSeconds(30))
                                        .header("content-type", "application/json")
                                        .header("idempotency-key", request.key())
                                        .POST(HttpRequest.BodyPublishers.ofString(request.body())).build(),
                                HttpResponse.BodyHandlers.ofString());
                        latencies.add(System.nanoTime() - started);
                        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        if (response.statusCode() == 202) {
                            JsonNode answer = MAPPER.readTree(response.body());
                            accepted.put(answer.path("eventId").asText(), request.key());
                            if (answer.path("duplicate").asBoolean()) {
                                duplicates.incrementAndGet();
                            }
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        unanswered.incrementAndGet();
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }
                return null;
            });
        }
        workers.shutdown();
        workers.awaitTermination(length.toSeconds() + 60, TimeUnit.SECONDS);

        Files.createDirectories(manifest.toAbsolutePath().getParent());
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(manifest))) {
            accepted.keySet().stream().sorted().forEach(out::println);
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        int requests = sorted.size() + unanswered.get();
        ObjectNode summary = MAPPER.createObjectNode();
        summary.put("seconds", length.toSeconds());
        summary.put("concurrency", concurrency);
        summary.put("requests", requests);
        summary.put("requestsPerSecond", Math.round(10.0 * sorted.size() / length.toSeconds()) / 10.0);
        summary.put("p50Millis", percentile(sorted, 0.50));
        summary.put("p99Millis", percentile(sorted, 0.99));
        summary.put("maxMillis", sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1_000_000.0);
        summary.put("acceptedEvents", accepted.size());
        summary.put("duplicateAnswers", duplicates.get());
        summary.put("errors", errors.get());
        ObjectNode byStatus = summary.putObject("statuses");
        statuses.forEach((status, count) -> byStatus.put(Integer.toString(status), count.get()));
        System.out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(summary));
    }

    private static double percentile(List<Long> sortedNanos, double p) {
        if (sortedNanos.isEmpty()) {
            return 0;
        }
        int index = (int) Math.min(sortedNanos.size() - 1, Math.ceil(p * sortedNanos.size()) - 1);
        return Math.round(sortedNanos.get(Math.max(0, index)) / 10_000.0) / 100.0;
    }

    private static String form(Random random, int leads) {
        ObjectNode form = MAPPER.createObjectNode();
        int lead = random.nextInt(leads);
        form.put("email", "load" + lead + "@company" + (lead % 50) + ".example.com");
        form.put("formType", FORM_TYPES[random.nextInt(FORM_TYPES.length)]);
        form.put("firstName", "Lead" + lead);
        form.put("company", "Company " + (lead % 50));
        form.put("jobTitle", TITLES[lead % TITLES.length]);
        form.put("companySize", Integer.toString(10 + (lead % 7) * 300));
        form.put("industry", INDUSTRIES[lead % INDUSTRIES.length]);
        form.put("country", "US");
        form.put("consent", lead % 5 != 0);
        return form.toString();
    }
}
