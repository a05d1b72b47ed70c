package com.leadqual.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.leadqual.local.SamTemplate;
import com.leadqual.local.lambda.FunctionProcess;
import com.leadqual.local.lambda.LambdaRuntimeApi;
import com.leadqual.store.LeadTable;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cold start of every function of template.yaml: its packaged artifact, unpacked as the task root, started in
 * a fresh JVM by the real runtime interface client against a Runtime API on loopback, with the template's
 * environment (JVM options included) pointed at DynamoDB Local and ElasticMQ; then its first invocation with its
 * sample event. A hello-world handler runs the same way in the same rounds; the functions rotate within each
 * round so the machine's noise spreads over all of them.
 */
final class ColdStartBench {
    static final String HELLO = "HelloWorld";
    static final String SDK_PUT = "SdkDefaultsPut";
    static final List<String> INGEST = List.of("FormIngestFunction", "WebinarIngestFunction");
    static final double INGEST_TARGET = 2.5;
    static final double OTHER_TARGET = 3.0;

    /** How the JVM is started; the template's choice and the alternatives that justify it. */
    enum Variant {
        TEMPLATE("template", "the template's JAVA_TOOL_OPTIONS (C1 only)"),
        FULL_TIERED("full-tiered", "no JAVA_TOOL_OPTIONS: the JVM's default tiered compilation (C1 then C2)"),
        PRIMED("primed", "the template's options, SnapStart init: the org.crac beforeCheckpoint hooks run before the"
                + " first invocation (the JVM goes on instead of being snapshotted, so this approximates a restore:"
                + " the primed JVM's warm code path, without the restore itself)");

        final String name;
        final String description;

        Variant(String name, String description) {
            this.name = name;
            this.description = description;
        }

        static Variant named(String name) {
            return Stream.of(values()).filter(v -> v.name.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown variant " + name));
        }
    }

    /** A function to start: its spec without variant, and its first event for a given round. */
    record Target(String name, String handler, Path artifact, Map<String, String> environment, int memoryMb,
            Duration timeout, IntFunction<byte[]> firstEvent, Runnable beforeEachStart) {
    }

    /** One cold start: nanoseconds, and kB of resident memory at its peak (VmHWM) after the first invocation. */
    record Sample(long initNanos, long snapshotPointNanos, long firstInvokeNanos, long peakRssKb, long cpuMillis) {
        long totalNanos() {
            return initNanos + firstInvokeNanos;
        }
    }

    private ColdStartBench() {
    }

    static void run(Bench.Options options, PrintStream out) throws Exception {
        int runs = options.integer("runs", 7);
        List<Variant> variants = Stream.of(options.text("variants", "template,full-tiered,primed").split(","))
                .map(String::trim).map(Variant::named).toList();
        // For investigations: more JVM options (e.g. -Xlog:class+load) and a subset of the functions.
        String extraJvmOptions = options.text("jvm-options", "");
        List<String> only = options.text("only", "").isBlank() ? List.of()
                : List.of(options.text("only", "").split(","));
        try (BenchStack stack = BenchStack.start()) {
            Path work = Files.createTempDirectory("cold-start");
            List<Target> targets = new ArrayList<>(targets(stack, work).stream()
                    .filter(t -> only.isEmpty() || t.name().equals(HELLO) || t.name().equals(SDK_PUT)
                            || only.contains(t.name())).toList());
            targets.addAll(comparisons(options.text("compare", ""), targets));
            Map<Variant, Map<String, List<Sample>>> samples = new LinkedHashMap<>();
            // One discarded round first: the first JVMs of a run also pay for reading the jars into the page cache.
            if (options.integer("warm-up-rounds", 1) > 0) {
                for (Target target : targets) {
                    coldStart(target, variants.get(0), -1, extraJvmOptions);
                }
            }
            String loadBefore = Machine.loadAverage();
            for (int round = 0; round < runs; round++) {
                for (Variant variant : variants) {
                    for (int i = 0; i < targets.size(); i++) {
                        Target target = targets.get((i + round) % targets.size());
                        samples.computeIfAbsent(variant, v -> new LinkedHashMap<>())
                                .computeIfAbsent(target.name(), n -> new ArrayList<>())
                                .add(coldStart(target, variant, round, extraJvmOptions));
                    }
                }
            }
            if (variants.contains(Variant.PRIMED)) {
                nothingStoredByPriming(stack);
            }
            report(out, runs, targets, samples, loadBefore);
        }
    }

    private static List<Target> targets(BenchStack stack, Path work) {
        List<Target> targets = new ArrayList<>();
        SamTemplate.Function first = stack.functions().get(0);
        Map<String, String> helloEnvironment = new LinkedHashMap<>(stack.reservedEnvironment(HELLO, first.memorySize()));
        if (first.environment().containsKey("JAVA_TOOL_OPTIONS")) {
            // Globals: every function gets them, the baseline too.
            helloEnvironment.put("JAVA_TOOL_OPTIONS", first.environment().get("JAVA_TOOL_OPTIONS"));
        }
        targets.add(new Target(HELLO, HelloArtifact.HANDLER, HelloArtifact.build(work.resolve("hello-world.jar")),
                helloEnvironment, first.memorySize(), Duration.ofSeconds(first.timeoutSeconds()),
                round -> SampleEvents.bytes(SampleEvents.FORM), () -> { }));
        // The yardstick, when built (bench/sdk-put): one PutItem with the SDK's defaults, same JVM options.
        Path sdkPut = Repo.root().resolve("bench/sdk-put/target/sdk-put.jar");
        if (Files.isRegularFile(sdkPut)) {
            Map<String, String> environment = new LinkedHashMap<>(helloEnvironment);
            environment.putAll(stack.reservedEnvironment(SDK_PUT, first.memorySize()));
            environment.put("TABLE_NAME", stack.table());
            targets.add(new Target(SDK_PUT, "com.leadqual.bench.sdkput.SdkDefaultsPutHandler::handleRequest", sdkPut,
                    environment, first.memorySize(), Duration.ofSeconds(first.timeoutSeconds()),
                    round -> SampleEvents.bytes(SampleEvents.FORM), () -> { }));
        }
        for (SamTemplate.Function function : stack.functions()) {
            targets.add(new Target(function.logicalId(), function.handler(), Repo.root().resolve(function.codeUri()),
                    stack.lambdaEnvironment(function), function.memorySize(),
                    Duration.ofSeconds(function.timeoutSeconds()), firstEvent(function), beforeEachStart(stack, function)));
        }
        return targets;
    }

    /**
     * For a tuning step's before/after in one run: {@code Name=path.jar,...} adds the function {@code Name} once
     * more, started from another build of its artifact, as "Name@folder" (the folder holding that jar).
     */
    private static List<Target> comparisons(String spec, List<Target> targets) {
        List<Target> out = new ArrayList<>();
        for (String entry : spec.isBlank() ? new String[0] : spec.split(",")) {
            String[] nameAndPath = entry.split("=", 2);
            Target original = targets.stream().filter(t -> t.name().equals(nameAndPath[0])).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--compare: no function " + nameAndPath[0]));
            Path artifact = Path.of(nameAndPath[1]).toAbsolutePath();
            out.add(new Target(original.name() + "@" + artifact.getParent().getFileName(), original.handler(), artifact, original.environment(),
                    original.memoryMb(), original.timeout(), original.firstEvent(), original.beforeEachStart()));
        }
        return out;
    }

    /**
     * The function's sample event, made new for each start where the function would otherwise answer a
     * duplicate (ingest) or refuse a stale signature (Zoom); other functions get their first sample as is.
     */
    private static IntFunction<byte[]> firstEvent(SamTemplate.Function function) {
        return switch (function.logicalId()) {
            case "FormIngestFunction" -> round -> SampleEvents.form(uniqueEmail("form"), "demo_request", null,
                    Instant.now());
            case "WebinarIngestFunction" -> round -> SampleEvents.zoom(uniqueEmail("zoom"), BenchStack.ZOOM_SECRET,
                    Instant.now());
            default -> {
                Path sample = firstSampleOf(function);
                yield round -> readAll(sample);
            }
        };
    }

    private static String uniqueEmail(String what) {
        return "cold-" + what + "-" + System.nanoTime() + "@northwind-analytics.com";
    }

    /** events/ names samples after the function: FormIngestFunction's are form-ingest-*.json. */
    private static Path firstSampleOf(SamTemplate.Function function) {
        String artifact = function.logicalId().replaceFirst("Function$", "").replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                .toLowerCase(java.util.Locale.ROOT);
        try (Stream<Path> files = Files.list(Repo.events())) {
            return files.filter(f -> f.getFileName().toString().startsWith(artifact + "-")).sorted().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no sample event events/" + artifact + "-*.json for "
                            + function.logicalId()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Rescore's sample batch names two leads: their events are stored once, and their state removed before each
     * start, so every first invocation loads, scores and writes as a new event's rescoring does.
     */
    private static Runnable beforeEachStart(BenchStack stack, SamTemplate.Function function) {
        DynamoDbClient dynamo = stack.dynamo();
        // The samples' leads (dana and priya): each start of the functions below finds them as it needs them.
        List<String> sampleLeads = List.of(LeadTable.leadKey("dana.reyes@northwind-analytics.com"),
                LeadTable.leadKey("priya.natarajan@fabrikam.io"));
        var forms = InJvm.formIngest(stack, dynamo, line -> { });
        var rescore = InJvm.rescore(stack, dynamo, line -> { });
        Runnable seedEvents = () -> sampleLeads.forEach(lead -> check("seeding the sample leads", InJvm.invoke(forms,
                SampleEvents.form(LeadTable.emailOf(lead), "demo_request", "cold-" + System.nanoTime(), Instant.now()))));
        return switch (function.logicalId()) {
            case "ScheduleRescoreFunction" -> dueLead(stack);
            // Loads, scores and writes, as a new event's rescoring does.
            case "RescoreFunction" -> () -> {
                seedEvents.run();
                sampleLeads.forEach(lead -> dynamo.deleteItem(b -> b.tableName(stack.table()).key(Map.of(LeadTable.PK,
                        AttributeValue.fromS(lead), LeadTable.SK, AttributeValue.fromS(LeadTable.STATE_SK)))));
            };
            // Finds a scored lead.
            case "LeadReadFunction" -> () -> {
                seedEvents.run();
                check("scoring the sample leads", InJvm.invoke(rescore, SampleEvents.bytes(SampleEvents.RESCORE)));
            };
            // Finds something to erase.
            case "LeadEraseFunction" -> seedEvents;
            default -> () -> { };
        };
    }

    /** Priming is harmless: its lead (named by every priming event) has nothing in the table. */
    private static void nothingStoredByPriming(BenchStack stack) {
        int items = stack.dynamo().query(b -> b.tableName(stack.table()).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(LeadTable.leadKey(
                        com.leadqual.aws.Priming.LEAD_EMAIL))))).count();
        if (items != 0) {
            throw new IllegalStateException("priming stored " + items + " items");
        }
    }

    /** One lead due now, so the schedule's first invocation queries the index and also sends a batch to SQS. */
    private static Runnable dueLead(BenchStack stack) {
        DynamoDbClient dynamo = stack.dynamo();
        String lead = LeadTable.leadKey("cold-due@northwind-analytics.com");
        return () -> dynamo.putItem(b -> b.tableName(stack.table()).item(Map.of(
                LeadTable.PK, AttributeValue.fromS(lead),
                LeadTable.SK, AttributeValue.fromS(LeadTable.STATE_SK),
                LeadTable.DUE_SHARD, AttributeValue.fromS(LeadTable.dueShard(lead)),
                LeadTable.DUE_AT, AttributeValue.fromS(Instant.now().minusSeconds(60).toString()))));
    }

    private static Sample coldStart(Target target, Variant variant, int round, String extraJvmOptions) {
        Map<String, String> environment = new LinkedHashMap<>(target.environment());
        if (variant == Variant.FULL_TIERED) {
            environment.remove("JAVA_TOOL_OPTIONS");
        } else if (variant == Variant.PRIMED) {
            environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        }
        if (!extraJvmOptions.isBlank()) {
            environment.merge("JAVA_TOOL_OPTIONS", extraJvmOptions.replace("{name}", target.name()),
                    (template, extra) -> template + " " + extra);
        }
        target.beforeEachStart().run();
        byte[] event = target.firstEvent().apply(round);
        Deque<String> output = new ArrayDeque<>();
        FunctionProcess.Spec spec = new FunctionProcess.Spec(target.name(), target.handler(), target.artifact(),
                environment, target.memoryMb(), target.timeout());
        try (FunctionProcess process = FunctionProcess.of(spec, line -> keepLast(output, line))) {
            long init = process.warmUp();
            long started = System.nanoTime();
            LambdaRuntimeApi.Response response = process.invoke(event);
            long firstInvoke = System.nanoTime() - started;
            if (response.error()) {
                throw new IllegalStateException(target.name() + " failed its first invocation: " + response.text()
                        + "\n" + String.join("\n", output));
            }
            check(target.name(), response.text());
            if (variant == Variant.PRIMED && output.stream().anyMatch(l -> l.contains("priming failed"))) {
                throw new IllegalStateException(target.name() + ": its priming failed\n" + String.join("\n", output));
            }
            Sample sample = new Sample(init, process.snapshotPointNanos(), firstInvoke, Machine.peakRssKb(process.pid()),
                    Machine.cpuMillis(process.pid()));
            // Every sample on standard error, next to the medians' report: the spread says how noisy the run was.
            System.err.printf(java.util.Locale.ROOT, "cold-start %s %s round %d: init %.1f ms, first invoke %.1f ms,"
                    + " peak RSS %d kB, CPU %d ms%n", variant.name, target.name(), round, Table.millis(init),
                    Table.millis(firstInvoke), sample.peakRssKb(), sample.cpuMillis());
            return sample;
        } catch (FunctionProcess.InvocationFailed e) {
            throw new IllegalStateException(e.getMessage() + "\n" + String.join("\n", output), e);
        }
    }

    /**
     * A benchmark of a failing function measures nothing: API answers must be 2xx, batches without failures,
     * and the schedule must have enqueued the lead made due for it.
     */
    static void check(String name, String answer) {
        JsonNode json = SampleEvents.read(answer);
        int status = json.path("statusCode").asInt(200);
        if (status < 200 || status > 299 || json.path("batchItemFailures").size() > 0
                || json.path("enqueued").asInt(1) < 1) {
            throw new IllegalStateException(name + " did not succeed: " + answer);
        }
    }

    private static synchronized void keepLast(Deque<String> lines, String line) {
        synchronized (lines) {
            lines.addLast(line);
            if (lines.size() > 40) {
                lines.removeFirst();
            }
        }
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void report(PrintStream out, int runs, List<Target> targets,
            Map<Variant, Map<String, List<Sample>>> samples, String loadBefore) {
        out.println("## Cold start (" + runs + " fresh JVMs per function and variant, medians)");
        out.println();
        out.println(Machine.describe() + "; load average before " + loadBefore + ", after " + Machine.loadAverage()
                + ".");
        out.println();
        for (Map.Entry<Variant, Map<String, List<Sample>>> variant : samples.entrySet()) {
            Map<String, List<Sample>> byTarget = variant.getValue();
            out.println("### " + variant.getKey().name + ": " + variant.getKey().description);
            out.println();
            double helloTotal = Table.median(byTarget.get(HELLO).stream().map(Sample::totalNanos).toList());
            double helloCpu = Table.median(byTarget.get(HELLO).stream().map(Sample::cpuMillis).toList());
            double sdkPutTotal = byTarget.containsKey(SDK_PUT)
                    ? Table.median(byTarget.get(SDK_PUT).stream().map(Sample::totalNanos).toList()) : Double.NaN;
            boolean primed = variant.getKey() == Variant.PRIMED;
            Map<String, List<Sample>> unprimed = samples.get(Variant.TEMPLATE);
            Table table = primed
                    ? new Table("function", "init incl. priming ms", "of which to snapshot point ms",
                            "first invoke after priming ms", "primed / unprimed first invoke", "peak RSS MB")
                    : new Table("function", "init ms", "first invoke ms", "total ms", "total / hello-world",
                            "total / SDK-defaults put", "peak RSS MB", "CPU ms", "CPU / hello-world", "target");
            for (Target target : targets) {
                List<Sample> s = byTarget.get(target.name());
                double init = Table.median(s.stream().map(Sample::initNanos).toList());
                double first = Table.median(s.stream().map(Sample::firstInvokeNanos).toList());
                double total = Table.median(s.stream().map(Sample::totalNanos).toList());
                double rss = Table.median(s.stream().map(Sample::peakRssKb).toList()) / 1024;
                double cpu = Table.median(s.stream().map(Sample::cpuMillis).toList());
                if (primed) {
                    double snapshot = Table.median(s.stream().map(Sample::snapshotPointNanos).toList());
                    double unprimedFirst = unprimed == null ? Double.NaN
                            : Table.median(unprimed.get(target.name()).stream().map(Sample::firstInvokeNanos).toList());
                    table.row(target.name(), Table.millis((long) init), Table.millis((long) snapshot),
                            Table.millis((long) first), unprimed == null ? "(template variant not run)"
                                    : Table.ratio(first / unprimedFirst), rss);
                } else {
                    table.row(target.name(), Table.millis((long) init), Table.millis((long) first),
                            Table.millis((long) total), Table.ratio(total / helloTotal),
                            Double.isNaN(sdkPutTotal) ? "(not built)" : Table.ratio(total / sdkPutTotal), rss, cpu,
                            Table.ratio(cpu / helloCpu),
                            target.name().equals(HELLO) || target.name().equals(SDK_PUT) ? ""
                                    : verdict(target.name(), total / helloTotal));
                }
            }
            table.print(out);
        }
        if (samples.containsKey(Variant.TEMPLATE) && samples.containsKey(Variant.FULL_TIERED)) {
            out.println("### C1 only (template) against full tiered compilation: total time, same run");
            out.println();
            Table table = new Table("function", "template total ms", "full-tiered total ms", "template / full-tiered");
            for (Target target : targets) {
                double c1 = Table.median(samples.get(Variant.TEMPLATE).get(target.name()).stream()
                        .map(Sample::totalNanos).toList());
                double tiered = Table.median(samples.get(Variant.FULL_TIERED).get(target.name()).stream()
                        .map(Sample::totalNanos).toList());
                table.row(target.name(), Table.millis((long) c1), Table.millis((long) tiered), Table.ratio(c1 / tiered));
            }
            table.print(out);
        }
    }

    static String verdict(String function, double ratio) {
        double target = INGEST.stream().anyMatch(function::startsWith) ? INGEST_TARGET : OTHER_TARGET;
        return (ratio <= target ? "holds" : "MISSES") + " (<= " + target + "x)";
    }
}
