package com.leadqual.local;

import com.leadqual.local.demo.Demo;
import com.leadqual.local.demo.StageFollower;
import com.leadqual.local.runner.LocalDeployment;
import com.leadqual.local.runner.RunnerClient;
import com.leadqual.local.runner.RunnerOptions;
import com.leadqual.local.schedule.Schedules;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The service's main command on a developer's machine ({@code ./run}): the whole template running locally, a
 * demo, the sales-tool view of stage transitions, and firing schedules. See local/README.md.
 */
public final class LocalRunner {
    /** Held so the level sticks: DynamoDB Local's embedded SDK v1 warns about JAXB on its first request. */
    private static final Logger EMBEDDED_SDK_LOG = Logger.getLogger("com.amazonaws");

    private LocalRunner() {
    }

    public static void main(String[] args) {
        EMBEDDED_SDK_LOG.setLevel(Level.SEVERE);
        Path home = Path.of(System.getenv().getOrDefault("LEADQUAL_HOME", "."));
        RunnerOptions options;
        try {
            options = RunnerOptions.parse(args, home);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(RunnerOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.print(RunnerOptions.USAGE);
            return;
        }
        int status;
        try {
            status = switch (options.command) {
                case "demo" -> demo(options);
                case "follow" -> follow(options);
                case "fire" -> fire(options);
                default -> start(options);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 130;
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            status = 1;
        }
        // ElasticMQ's threads are not daemons; everything that used them is closed by now.
        System.exit(status);
    }

    /** Starts everything and serves until Ctrl-C (or SIGTERM), then stops it all. */
    private static int start(RunnerOptions options) throws InterruptedException {
        PrintStream out = System.out;
        AtomicReference<LocalDeployment> deployment = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LocalDeployment d = deployment.get();
            if (d != null) {
                out.println("Stopping: schedules, event sources, pipes, API, function JVMs, DynamoDB Local, ElasticMQ");
                d.close();
                out.println("Stopped.");
            }
            stopped.countDown();
        }, "shutdown"));
        LocalDeployment d;
        try {
            d = LocalDeployment.start(deploymentOptions(options, out));
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        deployment.set(d);
        printBanner(d, options, out);
        stopped.await();
        return 0;
    }

    static LocalDeployment.Options deploymentOptions(RunnerOptions options, PrintStream out) {
        Consumer<String> print = out::println;
        Consumer<String> none = line -> { };
        return new LocalDeployment.Options(options.template, options.parametersFile, options.parameters,
                options.apiPort, options.dynamoPort, options.sqsPort, options.inMemory ? null : options.dataDir,
                options.concurrency, options.warm, options.sqsRetryAfter, options.apiKey,
                options.quiet ? none : print, options.quiet ? none : print, print);
    }

    private static void printBanner(LocalDeployment d, RunnerOptions options, PrintStream out) {
        long now = System.currentTimeMillis();
        long jvmStarted = ManagementFactory.getRuntimeMXBean().getStartTime();
        String runStarted = System.getenv("LEADQUAL_RUN_STARTED_MS");
        LocalAws aws = d.aws();
        out.println("leadqual local runner: " + options.template + " (" + count(d.functions().size(), "function")
                + ", " + count(d.pipes().size(), "pipe") + ", " + count(d.schedules().all().size(), "schedule") + ")");
        out.printf("  API        http://127.0.0.1:%d%s%n", d.apiPort(),
                d.website() == null ? "" : "   website " + d.website() + " at /");
        out.printf("  DynamoDB   %s   tables: %s%n", aws.dynamoEndpoint(), String.join(", ", d.names().tableNames().values()));
        out.printf("  SQS        %s   queues: %s%n", aws.sqsEndpoint(), String.join(", ", d.names().queueUrls().keySet()));
        out.println("  Data       " + (options.inMemory ? "in memory (nothing survives a stop)"
                : options.dataDir + " (DynamoDB data and stream positions survive a restart; queue contents are"
                + " saved at a clean stop, and the pipe redelivers what its queue had not consumed)"));
        out.println("  AWS CLI    AWS_ACCESS_KEY_ID=" + LocalAws.credentials().resolveCredentials().accessKeyId()
                + " AWS_SECRET_ACCESS_KEY=" + LocalAws.credentials().resolveCredentials().secretAccessKey()
                + " AWS_DEFAULT_REGION=" + LocalAws.REGION + " aws ... --endpoint-url <endpoint>");
        out.println("  API key    " + options.apiKey + " (x-api-key for REST routes with ApiKeyRequired)");
        out.println("Functions");
        for (LocalDeployment.FunctionInfo f : d.functions()) {
            out.printf("  %-28s %s%n", f.logicalId(), f.triggers().isEmpty() ? "(no triggers)"
                    : String.join("; ", f.triggers()));
        }
        for (Schedules.Schedule s : d.schedules().all()) {
            Instant next = d.schedules().nextTick(s.id());
            if (next != null) {
                out.printf("  %-28s next %s at %s%n", "", s.id(), next.truncatedTo(ChronoUnit.SECONDS));
            }
        }
        if (!d.pipes().isEmpty()) {
            out.println("Pipes");
            d.pipes().forEach(p -> out.println("  " + p));
        }
        String sinceRun = runStarted == null || !runStarted.matches("\\d+") ? ""
                : String.format(Locale.ROOT, "; %.1f s since ./run started", (now - Long.parseLong(runStarted)) / 1000.0);
        out.printf(Locale.ROOT, "Ready in %.1f s (JVM start to ready%s). Ctrl-C stops.%n",
                (now - jvmStarted) / 1000.0, sinceRun);
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static int demo(RunnerOptions options) throws Exception {
        PrintStream out = System.out;
        RunnerClient client = new RunnerClient(options.apiPort);
        try {
            return Demo.run(client.info(), out, options.latencyProbes);
        } catch (RunnerClient.NotRunning notRunning) {
            out.println("No runner on port " + options.apiPort + ": starting one for the demo (quiet).");
            options.quiet = true;
            try (LocalDeployment d = LocalDeployment.start(deploymentOptions(options, out))) {
                return Demo.run(new RunnerClient(d.apiPort()).info(), out, options.latencyProbes);
            }
        }
    }

    private static int follow(RunnerOptions options) throws Exception {
        return StageFollower.run(new RunnerClient(options.apiPort).info(), System.out, options.fromStart,
                options.redact);
    }

    private static int fire(RunnerOptions options) throws Exception {
        String response = new RunnerClient(options.apiPort).fire(options.fireTarget);
        System.out.println(options.fireTarget + " -> " + response);
        return 0;
    }
}
