package com.leadqual.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.scoring.Ruleset;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load suite, {@code reliability/run-load}: starts {@code ./run} (in memory, free ports) as its own process,
 * runs a short warm-up and then the measured {@link LoadGenerator} each in a separate JVM, waits (bounded) until
 * rescoring drained, runs {@link LoadVerifier} over every request both sent, prints the Markdown report, stops the
 * runner with SIGTERM as a service manager would, and exits 1 if any check failed (2 if the runner did not start).
 */
public final class LoadSuite {
    private static final Set<String> OPTIONS;

    static {
        Set<String> own = new HashSet<>(Set.of("home", "warmup-seconds", "drain-seconds", "runner-concurrency",
                "rules-file"));
        own.addAll(LoadGenerator.OPTIONS);
        own.remove("url");
        OPTIONS = Set.copyOf(own);
    }

    private static final Pattern API = Pattern.compile("^  API\\s+(http://\\S+)", Pattern.MULTILINE);
    private static final Duration START_LIMIT = Duration.ofSeconds(180);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(60);

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, OPTIONS);
        Path home = Path.of(o.text("home", ".")).toAbsolutePath().normalize();
        Path out = home.resolve(o.text("out", "reliability/target/load"));
        int seconds = o.integer("seconds", 60);
        double rate = o.number("rate", 20);
        int warmup = o.integer("warmup-seconds", 5);
        Files.createDirectories(out);

        String loadBefore = loadAverage();
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> runnerCommand = List.of(home.resolve("run").toString(), "--skip-build", "--in-memory",
                "--port", "0", "--dynamodb-port", "0", "--sqs-port", "0", "--quiet",
                "--concurrency", Integer.toString(o.integer("runner-concurrency", 2)));
        progress("starting " + String.join(" ", runnerCommand.subList(1, runnerCommand.size())));
        Process runner = new ProcessBuilder(runnerCommand).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(out.resolve("runner.log").toFile()).start();
        List<LoadVerifier.Check> checks = new ArrayList<>();
        List<String> report = new ArrayList<>();
        try {
            URI api = awaitReady(runner, out.resolve("runner.log"));
            progress("runner ready at " + api);
            // Its clients are made before the load, so the drain is first polled as soon as the generator ends.
            LoadVerifier verifier = new LoadVerifier(api, Ruleset.loadOrDefaults(o.text("rules-file", "")));
            List<LoadRecord> all = new ArrayList<>();
            List<LoadRecord> warm = List.of();
            if (warmup > 0) {
                progress("warm-up: " + warmup + " s at " + rate + "/s (not in the figures; verified with the rest)");
                warm = generate(o, api, out.resolve("warmup"), warmup, rate, "warm-up");
                all.addAll(warm);
            }
            progress("measured run: " + seconds + " s at " + rate + "/s");
            List<LoadRecord> measured = generate(o, api, out.resolve("measured"), seconds, rate, "measured");
            all.addAll(measured);
            long startEpoch = new ObjectMapper().readTree(out.resolve("measured/generator.json").toFile())
                    .get("startEpochMillis").asLong();
            long lastSentEpoch = startEpoch + measured.stream().mapToLong(LoadRecord::sentNanos).max().orElse(0) / 1_000_000;
            long lastAnswerEpoch = startEpoch
                    + measured.stream().mapToLong(LoadRecord::answeredNanos).max().orElse(0) / 1_000_000;

            try (verifier) {
                progress("waiting for rescoring to drain");
                LoadVerifier.Drain drain = verifier.awaitDrained(Duration.ofSeconds(o.integer("drain-seconds", 300)));
                String drained = drain.drained()
                        ? LoadReport.fmt((drain.drainedEpochMillis() - lastSentEpoch) / 1000.0) + " s (from the last"
                        + " answer " + LoadReport.fmt((drain.drainedEpochMillis() - lastAnswerEpoch) / 1000.0)
                        + " s; polled once a second)"
                        : "not drained within " + o.integer("drain-seconds", 300) + " s";
                // The warm-up meets the cold starts; what it was answered is reported, and its events verified.
                long errors = LoadReport.errors(measured);
                checks.add(new LoadVerifier.Check("every measured request answered 2xx", errors == 0,
                        errors + " not 2xx of " + measured.size() + "; the warm-up's " + warm.size() + ": "
                                + LoadReport.answers(warm)));
                checks.add(drain.check());
                progress("verifying " + all.size() + " requests against the table");
                checks.addAll(verifier.verify(all));
                report.add("## Load: " + seconds + " s at " + LoadReport.fmt(rate) + " requests/s, " + startedAt);
                report.add("");
                report.add(Runtime.getRuntime().availableProcessors() + " cores; load average " + loadBefore
                        + " before, " + loadAverage() + " after the run; runner `./run --in-memory --concurrency "
                        + o.integer("runner-concurrency", 2) + "`; warm-up " + warmup + " s at the same rate, not in the figures.");
                report.add("");
                report.addAll(LoadReport.figures(measured, rate, seconds, drained));
                report.add("");
            }
        } catch (RunnerDidNotStart e) {
            progress(e.getMessage());
            stop(runner);
            System.exit(2);
        } finally {
            checks.add(stop(runner));
        }
        report.addAll(LoadReport.checks(checks));
        boolean passed = checks.stream().allMatch(LoadVerifier.Check::passed);
        report.add("");
        report.add(passed ? "Verification passed: every check holds." : "Verification FAILED.");
        String markdown = String.join("\n", report) + "\n";
        Files.writeString(out.resolve("report.md"), markdown);
        System.out.print(markdown);
        System.exit(passed ? 0 : 1);
    }

    /** One generator run in its own JVM; its output goes to {@code dir/generator.log}. */
    private static List<LoadRecord> generate(Options o, URI api, Path dir, int seconds, double rate, String what)
            throws Exception {
        Files.createDirectories(dir);
        String java = ProcessHandle.current().info().command().orElse("java");
        String jar = Path.of(LoadSuite.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", jar, LoadGenerator.class.getName(),
                "--url", api.toString(), "--seconds", Integer.toString(seconds), "--rate", Double.toString(rate),
                "--out", dir.toString()));
        for (String name : LoadGenerator.OPTIONS) {
            if (!Set.of("url", "seconds", "rate", "out").contains(name) && o.text(name, null) != null) {
                command.addAll(List.of("--" + name, o.text(name, null)));
            }
        }
        if (what.equals("warm-up")) {
            command.addAll(List.of("--seed", "0")); // other requests than the measured run's
        }
        Process generator = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("generator.log").toFile()).start();
        if (!generator.waitFor(seconds + 120L, TimeUnit.SECONDS)) {
            generator.destroyForcibly();
            throw new IllegalStateException("the " + what + " generator did not finish; see " + dir.resolve("generator.log"));
        }
        if (generator.exitValue() != 0) {
            throw new IllegalStateException("the " + what + " generator exited with " + generator.exitValue() + ":\n"
                    + Files.readString(dir.resolve("generator.log")));
        }
        return LoadRecord.read(dir.resolve("requests.jsonl"));
    }

    private static final class RunnerDidNotStart extends Exception {
        RunnerDidNotStart(String message) {
            super(message);
        }
    }

    private static URI awaitReady(Process runner, Path log) throws Exception {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (true) {
            String printed = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            if (printed.contains("\nReady in")) {
                Matcher m = API.matcher(printed);
                if (!m.find()) {
                    throw new RunnerDidNotStart("./run did not print its API endpoint; see " + log);
                }
                return URI.create(m.group(1));
            }
            if (!runner.isAlive()) {
                throw new RunnerDidNotStart("./run exited with " + runner.exitValue() + ":\n" + printed);
            }
            if (System.nanoTime() > deadline) {
                throw new RunnerDidNotStart("./run not ready within " + START_LIMIT + "; see " + log);
            }
            Thread.sleep(100);
        }
    }

    /** SIGTERM, as a service manager stops it; it must stop within the limit and leave no function JVM behind. */
    private static LoadVerifier.Check stop(Process runner) throws InterruptedException {
        String name = "the runner stopped cleanly on SIGTERM";
        if (!runner.isAlive()) {
            return new LoadVerifier.Check(name, false, "it had exited with " + runner.exitValue() + " before the stop");
        }
        List<ProcessHandle> children = runner.descendants().toList();
        long started = System.nanoTime();
        runner.destroy();
        boolean stopped = runner.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
        double took = (System.nanoTime() - started) / 1e9;
        if (!stopped) {
            runner.destroyForcibly();
        }
        Thread.sleep(200);
        long left = children.stream().filter(ProcessHandle::isAlive).count();
        children.forEach(ProcessHandle::destroyForcibly);
        return new LoadVerifier.Check(name, stopped && left == 0, stopped
                ? "in " + LoadReport.fmt(took) + " s, exit " + runner.exitValue() + ", " + left + " of "
                        + children.size() + " child processes left"
                : "still running after " + STOP_LIMIT.toSeconds() + " s (killed)");
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void progress(String line) {
        System.err.println("[run-load] " + line);
    }
}
