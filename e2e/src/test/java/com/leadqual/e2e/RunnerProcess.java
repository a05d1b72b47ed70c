package com.leadqual.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code ./run} started as README says, as a child process: free ports (0) read back from what it prints,
 * {@code --skip-build} because Maven has just built everything. Clients reach the endpoints it prints, with the
 * credentials it prints.
 */
final class RunnerProcess implements AutoCloseable {
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final Duration START_LIMIT = Duration.ofSeconds(120);
    private static final Pattern ENDPOINT = Pattern.compile("^  (API|DynamoDB|SQS)\\s+(http://\\S+)");

    final Process process;
    final List<String> output = new CopyOnWriteArrayList<>();
    final long startedNanos;
    long readyNanos;
    URI api;
    URI dynamoEndpoint;
    URI sqsEndpoint;

    private RunnerProcess(Process process, long startedNanos) {
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /** Starts {@code ./run --skip-build --port 0 --dynamodb-port 0 --sqs-port 0 <flags>} and waits for ready. */
    static RunnerProcess start(String... flags) throws Exception {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("run").toString(), "--skip-build",
                "--port", "0", "--dynamodb-port", "0", "--sqs-port", "0"));
        command.addAll(List.of(flags));
        long started = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true).start();
        RunnerProcess runner = new RunnerProcess(p, started);
        Thread reader = new Thread(runner::pump, "runner-output");
        reader.setDaemon(true);
        reader.start();
        runner.awaitReady();
        return runner;
    }

    private void pump() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                output.add(line);
                if (line.startsWith("Ready in") && readyNanos == 0) {
                    readyNanos = System.nanoTime();
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (readyNanos == 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("./run exited with " + process.exitValue() + ":\n" + printed());
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("./run not ready within " + START_LIMIT + ":\n" + printed());
            }
            Thread.sleep(50);
        }
        for (String line : output) {
            Matcher m = ENDPOINT.matcher(line);
            if (m.find()) {
                URI uri = URI.create(m.group(2));
                switch (m.group(1)) {
                    case "API" -> api = uri;
                    case "DynamoDB" -> dynamoEndpoint = uri;
                    default -> sqsEndpoint = uri;
                }
            }
        }
        if (api == null || dynamoEndpoint == null || sqsEndpoint == null) {
            throw new IllegalStateException("./run did not print its endpoints:\n" + printed());
        }
    }

    /** From starting the command to its "Ready" line. */
    Duration startUp() {
        return Duration.ofNanos(readyNanos - startedNanos);
    }

    int apiPort() {
        return api.getPort();
    }

    String printed() {
        return String.join("\n", output);
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    DynamoDbClient dynamo() {
        return DynamoDbClient.builder().endpointOverride(dynamoEndpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    DynamoDbStreamsClient streams() {
        return DynamoDbStreamsClient.builder().endpointOverride(dynamoEndpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    SqsClient sqs() {
        return SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Runs another {@code ./run} command against this runner (demo, fire, ...) and returns what it printed. */
    String command(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("run").toString(), "--skip-build"));
        command.addAll(List.of(args));
        command.addAll(List.of("--port", Integer.toString(apiPort())));
        Process p = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", args) + " did not finish:\n" + printed);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " exited with " + p.exitValue() + ":\n"
                    + printed);
        }
        return printed;
    }

    /**
     * Whether SIGINT reaches the runner. A process started in the background of a non-interactive shell inherits
     * SIGINT as ignored, and the JVM then cannot install its handler; a terminal's Ctrl-C always reaches it.
     */
    boolean receivesSigint() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring("SigIgn:".length()).trim(), 16) & 0x2) == 0;
            }
        }
        return true;
    }

    /** Sends a signal (INT or TERM) as Ctrl-C or a service manager would. */
    void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " failed");
        }
    }

    /** Stops the runner and every process it started (in case a test failed before its own stop). */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
