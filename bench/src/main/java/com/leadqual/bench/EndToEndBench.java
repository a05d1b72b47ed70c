package com.leadqual.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.leadqual.aws.AwsClients;
import com.leadqual.local.LocalAws;
import com.leadqual.local.runner.LocalDeployment;
import com.leadqual.store.LeadTable;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * End to end on the local runner (the whole template: API, ingest functions in their own JVMs under the runtime
 * client, table, stream, pipe, queue, rescore): accepted events per second from the first POST until every
 * accepted event is in its lead's scored state, next to DynamoDB Local's raw PutItem rate from a client
 * configured as AwsClients does, with the same concurrency, in the same run.
 */
final class EndToEndBench {
    private EndToEndBench() {
    }

    static void run(Bench.Options options, PrintStream out) throws Exception {
        int events = options.integer("events", 2000);
        int leads = options.integer("leads", 500);
        int concurrency = options.integer("concurrency", 8);
        int environments = options.integer("environments", 2);
        try (LocalDeployment runner = LocalDeployment.start(new LocalDeployment.Options(Repo.template(),
                Repo.root().resolve("local/parameters.properties"), Map.of(), 0, 0, 0, null, environments, true,
                null, "bench-api-key", line -> { }, line -> { }, line -> { }))) {
            String table = runner.names().tableName(BenchStack.TABLE);
            try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(runner.aws().dynamoEndpoint())
                    .region(Region.of(LocalAws.REGION)).credentialsProvider(LocalAws.credentials())
                    .httpClient(AwsClients.httpClient()).overrideConfiguration(AwsClients.timeouts()).build()) {
                // One set of client threads for both phases, alive until the last CPU reading.
                ExecutorService clients = Executors.newFixedThreadPool(concurrency,
                        r -> new Thread(r, CpuUse.CLIENT_THREADS));
                CpuUse rawStart = CpuUse.now(runner.functionPidsByFunction());
                double rawPerSecond;
                E2e e2e;
                CpuUse e2eStart;
                CpuUse e2eEnd;
                try {
                    rawPerSecond = rawPuts(clients, dynamo, table, events, concurrency);
                    e2eStart = CpuUse.now(runner.functionPidsByFunction());
                    e2e = endToEnd(clients, runner.apiPort(), dynamo, table, events, leads, concurrency);
                    e2eEnd = CpuUse.now(runner.functionPidsByFunction());
                } finally {
                    clients.shutdown();
                }
                out.println("## End to end (" + events + " forms over HTTP to the local runner, " + leads
                        + " leads, " + concurrency + " client threads, " + environments
                        + " execution environments per function)");
                out.println();
                out.println(Machine.describe() + "; load average " + Machine.loadAverage() + ".");
                out.println();
                new Table("what", "events", "seconds", "per second", "share of raw PutItem")
                        .row("DynamoDB Local, raw PutItem (same client configuration and concurrency)", events,
                                events / rawPerSecond, rawPerSecond, "1.00x")
                        .row("accepted events, POST to its answer (ingest alone)", e2e.accepted(),
                                e2e.answeredSeconds(), e2e.accepted() / e2e.answeredSeconds(),
                                Table.ratio(e2e.accepted() / e2e.answeredSeconds() / rawPerSecond))
                        .row("accepted events, POST to scored state", e2e.accepted(), e2e.seconds(),
                                e2e.accepted() / e2e.seconds(), Table.ratio(e2e.accepted() / e2e.seconds() / rawPerSecond)
                                        + (e2e.accepted() / e2e.seconds() >= rawPerSecond / 2 ? " (target >= 0.50x: holds)"
                                                : " (target >= 0.50x: MISSES)"))
                        .print(out);
                out.println("Every POST answered 202 (" + e2e.accepted() + " accepted, " + e2e.other()
                        + " other answers); all " + e2e.scoredLeads() + " leads' states count every accepted event.");
                out.println();
                cpu(out, e2eStart.secondsSince(rawStart), events, events / rawPerSecond,
                        e2eEnd.secondsSince(e2eStart), e2e.accepted(), e2e.seconds());
            }
        }
    }

    /** Where each phase's CPU went: seconds and milliseconds per item, by part, and how many cores were busy. */
    private static void cpu(PrintStream out, Map<String, Double> raw, int puts, double rawSeconds,
            Map<String, Double> e2e, int accepted, double e2eSeconds) {
        out.println("CPU by part of the stack (Linux /proc), raw PutItem phase and end-to-end phase (first POST to"
                + " every lead scored):");
        out.println();
        Table table = new Table("part", "raw: CPU s", "raw: ms per put", "end to end: CPU s",
                "end to end: ms per event");
        double rawAll = 0;
        double e2eAll = 0;
        for (String part : e2e.keySet()) {
            double r = raw.getOrDefault(part, 0.0);
            double e = e2e.get(part);
            rawAll += r;
            e2eAll += e;
            table.row(part, r, r * 1000 / puts, e, e * 1000 / accepted);
        }
        table.row("all", rawAll, rawAll * 1000 / puts, e2eAll, e2eAll * 1000 / accepted)
                .row("cores busy (CPU s / wall s)", rawAll / rawSeconds, "", e2eAll / e2eSeconds, "")
                .print(out);
    }

    /** Items of an event's size under keys the pipe and the handoff filter out (no rescoring, no stream work). */
    private static double rawPuts(ExecutorService threads, DynamoDbClient dynamo, String table, int count,
            int concurrency) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            workers.add(threads.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                    int n = i;
                    dynamo.putItem(b -> b.tableName(table).item(Map.of(
                            LeadTable.PK, AttributeValue.fromS("RAW#" + n), LeadTable.SK, AttributeValue.fromS("RAW"),
                            "data", AttributeValue.fromS("x".repeat(400)))));
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        return count / ((System.nanoTime() - started) / 1e9);
    }

    /** seconds: first POST to every lead scored; answeredSeconds: first POST to the last answer. */
    private record E2e(int accepted, int other, int scoredLeads, double seconds, double answeredSeconds) {
    }

    private static E2e endToEnd(ExecutorService threads, int port, DynamoDbClient dynamo, String table, int count,
            int leadCount, int concurrency) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI forms = URI.create("http://127.0.0.1:" + port + "/forms");
        Map<String, AtomicInteger> acceptedByLead = new ConcurrentHashMap<>();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            workers.add(threads.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                    String email = "e2e-lead-" + (i % leadCount) + "@northwind-analytics.com";
                    String body = SampleEvents.read(SampleEvents.read(SampleEvents.form(email, "demo_request", null,
                            java.time.Instant.now())).path("body").asText()).toString();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(forms)
                            .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                            .header("idempotency-key", "e2e-" + i).POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    JsonNode answer = SampleEvents.read(response.body());
                    if (response.statusCode() == 202 && !answer.path("duplicate").asBoolean()) {
                        accepted.incrementAndGet();
                        acceptedByLead.computeIfAbsent(LeadTable.leadKey(email), k -> new AtomicInteger())
                                .incrementAndGet();
                    } else {
                        other.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double answeredSeconds = (System.nanoTime() - started) / 1e9;
        // Scored: each lead's state counts every event accepted for it.
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        Map<String, AtomicInteger> pending = new ConcurrentHashMap<>(acceptedByLead);
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pending.size() + " leads not scored after 10 minutes");
            }
            pending.entrySet().removeIf(lead -> {
                var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(LeadTable.PK,
                        AttributeValue.fromS(lead.getKey()), LeadTable.SK, AttributeValue.fromS(LeadTable.STATE_SK))));
                return item.hasItem() && item.item().containsKey("eventCount")
                        && Integer.parseInt(item.item().get("eventCount").n()) >= lead.getValue().get();
            });
            if (!pending.isEmpty()) {
                Thread.sleep(100);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new E2e(accepted.get(), other.get(), acceptedByLead.size(), seconds, answeredSeconds);
    }
}
