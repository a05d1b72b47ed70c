package com.leadqual.local.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local runner's command line: {@code [start|demo|follow|fire <Function>.<Event>] [flags]}. Paths on the
 * command line are relative to the caller's directory; defaults are relative to the project ({@code home}).
 */
public final class RunnerOptions {
    public static final String USAGE = """
            usage: ./run [command] [flags]

            commands:
              start (default)            start the whole template locally and serve its API
              demo                       send the demo leads to the running runner (or start one) and print them by stage
              follow                     print every stage transition as it is written (the sales-tool view)
              fire <Function>.<Event>    run a schedule now, e.g. ./run fire ScheduleRescoreFunction.DueLeads

            flags:
              --port N                   API port (default 3000; 0 picks a free one); demo/follow/fire find the runner here
              --dynamodb-port N          DynamoDB Local port (default 8000)
              --sqs-port N               ElasticMQ (SQS) port (default 9324)
              --data-dir DIR             where DynamoDB data and pipe positions live (default .local-data/)
              --in-memory                keep nothing: no data dir
              --template FILE            the SAM template (default template.yaml)
              --parameters-file FILE     local parameter values (default local/parameters.properties)
              --parameter Name=Value     a template parameter value (repeatable; wins over the file)
              --concurrency N            execution environments per function and SQS pollers per queue (default 2)
              --warm                     start one environment of every function before reporting ready
              --sqs-retry-after SECONDS  a failed SQS message is retried after this instead of the queue's
                                         visibility timeout (default: the queue's, as in AWS)
              --api-key KEY              the x-api-key REST routes with ApiKeyRequired accept (default local-api-key)
              --quiet                    do not print function output and request lines
              --latency N                demo: then measure POST -> scored over N sequential forms
              --from-start               follow: print the transitions already in the stream too
              --redact                   follow: show leads as lead#<hash> instead of their email
              --skip-build               (./run) start without checking whether the build is up to date
              --help                     this text
            """;

    public String command = "start";
    public String fireTarget;
    public int apiPort = 3000;
    public int dynamoPort = 8000;
    public int sqsPort = 9324;
    public Path dataDir;
    public boolean inMemory;
    public Path template;
    public Path parametersFile;
    public final Map<String, String> parameters = new LinkedHashMap<>();
    public int concurrency = 2;
    public boolean warm;
    public Duration sqsRetryAfter;
    public String apiKey = "local-api-key";
    public boolean quiet;
    public int latencyProbes;
    public boolean fromStart;
    public boolean redact;
    public boolean help;

    /**
     * @param home the project folder, against which the defaults resolve
     * @throws IllegalArgumentException naming the flag that is wrong
     */
    public static RunnerOptions parse(String[] args, Path home) {
        RunnerOptions o = new RunnerOptions();
        List<String> rest = new ArrayList<>(List.of(args));
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            String flag = rest.get(i);
            switch (flag) {
                case "--port" -> o.apiPort = port(flag, value(rest, ++i, flag));
                case "--dynamodb-port" -> o.dynamoPort = port(flag, value(rest, ++i, flag));
                case "--sqs-port" -> o.sqsPort = port(flag, value(rest, ++i, flag));
                case "--data-dir" -> o.dataDir = Path.of(value(rest, ++i, flag));
                case "--in-memory" -> o.inMemory = true;
                case "--template" -> o.template = Path.of(value(rest, ++i, flag));
                case "--parameters-file" -> o.parametersFile = Path.of(value(rest, ++i, flag));
                case "--parameter" -> {
                    String pair = value(rest, ++i, flag);
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--parameter takes Name=Value, got '" + pair + "'");
                    }
                    o.parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                case "--concurrency" -> o.concurrency = positive(flag, value(rest, ++i, flag), 64);
                case "--warm" -> o.warm = true;
                case "--sqs-retry-after" -> o.sqsRetryAfter = Duration.ofSeconds(
                        positive(flag, value(rest, ++i, flag), 43_200));
                case "--api-key" -> o.apiKey = value(rest, ++i, flag);
                case "--quiet" -> o.quiet = true;
                case "--latency" -> o.latencyProbes = positive(flag, value(rest, ++i, flag), 1000);
                case "--from-start" -> o.fromStart = true;
                case "--redact" -> o.redact = true;
                case "--help", "-h" -> o.help = true;
                default -> {
                    if (flag.startsWith("-")) {
                        throw new IllegalArgumentException("unknown flag '" + flag + "' (see --help)");
                    }
                    positional.add(flag);
                }
            }
        }
        // The command (and fire's schedule) may come anywhere among the flags.
        if (!positional.isEmpty()) {
            o.command = positional.remove(0);
            if (!List.of("start", "demo", "follow", "fire").contains(o.command)) {
                throw new IllegalArgumentException("unknown command '" + o.command + "' (start, demo, follow, fire)");
            }
            if (o.command.equals("fire")) {
                if (positional.isEmpty()) {
                    throw new IllegalArgumentException("fire needs a schedule: ./run fire <Function>.<Event>");
                }
                o.fireTarget = positional.remove(0);
            }
            if (!positional.isEmpty()) {
                throw new IllegalArgumentException("unexpected argument '" + positional.get(0) + "' (see --help)");
            }
        }
        if (o.inMemory && o.dataDir != null) {
            throw new IllegalArgumentException("--in-memory and --data-dir exclude each other");
        }
        if (o.template == null) {
            o.template = home.resolve("template.yaml");
        }
        if (o.parametersFile == null) {
            Path file = home.resolve("local").resolve("parameters.properties");
            o.parametersFile = java.nio.file.Files.exists(file) ? file : null;
        }
        if (o.dataDir == null && !o.inMemory) {
            o.dataDir = home.resolve(".local-data");
        }
        return o;
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(i);
    }

    private static int port(String flag, String value) {
        int port = number(flag, value);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(flag + " must be a port 0-65535, got " + value);
        }
        return port;
    }

    private static int positive(String flag, String value, int max) {
        int n = number(flag, value);
        if (n < 1 || n > max) {
            throw new IllegalArgumentException(flag + " must be 1-" + max + ", got " + value);
        }
        return n;
    }

    private static int number(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number, got '" + value + "'");
        }
    }
}
