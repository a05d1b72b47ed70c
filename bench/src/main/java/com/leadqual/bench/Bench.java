package com.leadqual.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole-system benchmarks of BENCHMARKS.md, run on demand through {@code bench/run <benchmark> [--option value]}.
 * Each prints Markdown tables of medians and ratios measured in that one run (the machine is shared and noisy).
 */
public final class Bench {
    private static final String USAGE = """
            usage: bench/run <benchmark> [--option value ...]
              cold-start   [--runs 7] [--variants template,full-tiered,primed] [--only Fn,...]
                           [--compare Fn=other/build.jar,...] [--jvm-options "..."] [--warm-up-rounds 1]
                           each function's packaged jar in fresh JVMs under the real runtime interface client, next
                           to a hello-world handler
              sizes        each function's deployment artifact
              cost         [--events 10000] [--replays 0.1] [--leads 2000] [--chunk 200]
                           requests and capacity per accepted event through ingest, pipe, queue and rescore
              schedule     [--leads 100000] [--due 0.01]
                           the due-lead schedule's reads on a large table, next to a full scan
              end-to-end   [--events 2000] [--leads 500] [--concurrency 8] [--environments 2]
                           accepted events per second from HTTP (the local runner) to scored state, next to
                           DynamoDB Local's raw PutItem rate from the same client configuration
              all          every benchmark above with its defaults
              jmh [args]   the JMH benchmarks (bench/target/benchmarks.jar)
            """;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.print(USAGE);
            return;
        }
        Options options = Options.parse(List.of(args).subList(1, args.length));
        // The report alone on standard output; DynamoDB Local's and ElasticMQ's chatter goes to standard error.
        PrintStream report = System.out;
        System.setOut(System.err);
        try {
            run(args[0], options, report);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        // ElasticMQ's threads are not daemons; every benchmark closed its stack, this ends what lingers.
        System.exit(0);
    }

    private static void run(String benchmark, Options options, PrintStream report) throws Exception {
        switch (benchmark) {
            case "cold-start" -> ColdStartBench.run(options, report);
            case "sizes" -> ArtifactSizes.run(options, report);
            case "cost" -> CostBench.run(options, report);
            case "schedule" -> ScheduleBench.run(options, report);
            case "end-to-end" -> EndToEndBench.run(options, report);
            case "all" -> {
                ArtifactSizes.run(options, report);
                ColdStartBench.run(options, report);
                CostBench.run(options, report);
                ScheduleBench.run(options, report);
                EndToEndBench.run(options, report);
            }
            default -> {
                System.err.print("unknown benchmark '" + benchmark + "'\n" + USAGE);
                System.exit(2);
            }
        }
    }

    /** {@code --name value} pairs; each benchmark reads its own with a default. */
    public record Options(Map<String, String> values) {
        public static Options parse(List<String> args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String name = args.get(i);
                if (!name.startsWith("--") || i + 1 >= args.size()) {
                    throw new IllegalArgumentException("expected --name value, got '" + name + "'");
                }
                values.put(name.substring(2), args.get(++i));
            }
            return new Options(Map.copyOf(values));
        }

        /** For tests: {@code of("runs", "1")} is {@code --runs 1}. */
        public static Options of(String... nameValues) {
            List<String> args = new java.util.ArrayList<>();
            for (int i = 0; i < nameValues.length; i++) {
                args.add(i % 2 == 0 ? "--" + nameValues[i] : nameValues[i]);
            }
            return parse(args);
        }

        public int integer(String name, int fallback) {
            return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
        }

        public double decimal(String name, double fallback) {
            return values.containsKey(name) ? Double.parseDouble(values.get(name)) : fallback;
        }

        public String text(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }
    }
}
