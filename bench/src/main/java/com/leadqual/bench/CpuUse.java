package com.leadqual.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time (user + system, Linux /proc) by part of the local stack: this JVM's threads grouped by what they
 * serve (DynamoDB Local, ElasticMQ, the runner, the benchmark's clients, the JVM itself), and every function's
 * JVMs. Taken before and after a phase, the difference says where a saturated machine's cores went.
 */
final class CpuUse {
    static final String DYNAMODB = "DynamoDB Local (Jetty, SQLite threads)";
    static final String ELASTICMQ = "ElasticMQ (Pekko threads)";
    static final String RUNNER_API = "runner: API server, Runtime APIs";
    static final String RUNNER_POLLERS = "runner: pipe, stream and SQS pollers";
    static final String CLIENTS = "benchmark clients (raw put, HTTP, state checks)";
    static final String JIT = "bench JVM: JIT compilers";
    static final String GC = "bench JVM: garbage collector";
    static final String JVM = "bench JVM: other threads";
    static final String ENDED = "bench JVM: threads that ended during the phase";
    /** What the benchmark names its client threads. */
    static final String CLIENT_THREADS = "e2e-client";
    /** Thread name prefixes of this JVM (Linux keeps 15 characters), first match wins; the rest is {@link #JVM}. */
    private static final List<Map.Entry<String, String>> THREADS = List.of(
            Map.entry("qtp", DYNAMODB), Map.entry("SQLiteQueue", DYNAMODB), Map.entry("idle-timeout", DYNAMODB),
            Map.entry("elasticmq", ELASTICMQ),
            Map.entry("api", RUNNER_API), Map.entry("runtime-api", RUNNER_API),
            Map.entry("HTTP-Dispatcher", RUNNER_API),
            Map.entry("pipe-", RUNNER_POLLERS), Map.entry("stream-source", RUNNER_POLLERS),
            Map.entry("sqs-poller", RUNNER_POLLERS), Map.entry("checkpoint-", RUNNER_POLLERS),
            Map.entry(CLIENT_THREADS, CLIENTS), Map.entry("HttpClient-", CLIENTS), Map.entry("main", CLIENTS),
            Map.entry("C1 CompilerThre", JIT), Map.entry("C2 CompilerThre", JIT),
            Map.entry("GC Thread", GC), Map.entry("G1 ", GC));

    private record Thread(String group, long millis) {
    }

    /** This JVM's threads by id. */
    private final Map<String, Thread> threads;
    /** This whole JVM, ended threads included. */
    private final long processMillis;
    /** Each function's JVMs together, by function. */
    private final Map<String, Long> functions;

    private CpuUse(Map<String, Thread> threads, long processMillis, Map<String, Long> functions) {
        this.threads = threads;
        this.processMillis = processMillis;
        this.functions = functions;
    }

    static CpuUse now(Map<String, List<Long>> functionPids) {
        long processMillis = Machine.cpuMillis(Path.of("/proc/self"));
        Map<String, Thread> threads = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        try (Stream<Path> all = Files.list(tasks)) {
            all.forEach(t -> {
                long used = Machine.cpuMillis(t);
                if (used >= 0) {
                    threads.put(t.getFileName().toString(), new Thread(group(comm(t)), used));
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + tasks + " (Linux only): " + e.getMessage(), e);
        }
        Map<String, Long> functions = new LinkedHashMap<>();
        functionPids.forEach((function, pids) -> functions.put(function,
                pids.stream().mapToLong(Machine::cpuMillis).filter(m -> m >= 0).sum()));
        return new CpuUse(threads, processMillis, functions);
    }

    private static String group(String thread) {
        return THREADS.stream().filter(e -> thread.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst()
                .orElse(JVM);
    }

    private static String comm(Path thread) {
        try {
            return Files.readString(thread.resolve("comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * CPU seconds by part from {@code before} to this, this JVM's groups first, then "F JVMs" for each function F.
     * What threads that ended in between used is known only in sum ({@link #ENDED}); a function JVM gone in
     * between loses its share (none is discarded while every request succeeds).
     */
    Map<String, Double> secondsSince(CpuUse before) {
        Map<String, Long> millis = new LinkedHashMap<>();
        for (String group : List.of(DYNAMODB, ELASTICMQ, RUNNER_API, RUNNER_POLLERS, CLIENTS, JIT, GC, JVM)) {
            millis.put(group, 0L);
        }
        long live = 0;
        for (Map.Entry<String, Thread> t : threads.entrySet()) {
            Thread earlier = before.threads.get(t.getKey());
            long used = t.getValue().millis() - (earlier == null ? 0 : earlier.millis());
            millis.merge(t.getValue().group(), used, Long::sum);
            live += used;
        }
        millis.put(ENDED, Math.max(0, processMillis - before.processMillis - live));
        functions.forEach((function, used) -> millis.put(function + " JVMs",
                used - before.functions.getOrDefault(function, 0L)));
        Map<String, Double> seconds = new LinkedHashMap<>();
        millis.forEach((part, used) -> seconds.put(part, used / 1000.0));
        return seconds;
    }
}
