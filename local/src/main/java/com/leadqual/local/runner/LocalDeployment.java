package com.leadqual.local.runner;

import com.leadqual.local.LocalAws;
import com.leadqual.local.LocalNames;
import com.leadqual.local.LocalResources;
import com.leadqual.local.SamTemplate;
import com.leadqual.local.SamTemplateException;
import com.leadqual.local.SqsEventSource;
import com.leadqual.local.StreamEventSource;
import com.leadqual.local.StreamPipe;
import com.leadqual.local.http.ApiServer;
import com.leadqual.local.http.Routes;
import com.leadqual.local.lambda.FunctionPool;
import com.leadqual.local.lambda.FunctionProcess;
import com.leadqual.local.lambda.LambdaRuntimeApi;
import com.leadqual.local.schedule.ScheduleExpression;
import com.leadqual.local.schedule.Schedules;
import com.sun.net.httpserver.HttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The whole template running on this machine: DynamoDB Local and ElasticMQ with every table and queue, each
 * function in its own pool of Lambda execution environments, and every trigger the template declares (API
 * routes, SQS event sources, pipes, schedules) feeding them. Read from template.yaml, never restated: a function
 * added there runs here with no other change.
 */
public final class LocalDeployment implements AutoCloseable {
    /** The stack name local physical names are built from (SamTemplate's AWS::StackName). */
    static final String STACK_NAME = "leadqual-local";
    /** A part that takes longer to stop is named, so a slow Ctrl-C says what it waits for. */
    private static final long SLOW_STOP_MILLIS = 2_000;

    /**
     * How to run.
     *
     * @param template        the SAM template; CodeUri and the website folder are relative to its folder
     * @param parametersFile  local parameter values (see {@link LocalParameters}), or null
     * @param dataDir         where DynamoDB data and pipe positions are kept, or null for in memory
     * @param concurrency     execution environments per function (and SQS pollers per event source)
     * @param warm            start one environment of every function before reporting ready
     * @param sqsRetryAfter   how long a failed SQS message stays invisible, or null for the queue's visibility timeout
     * @param functionOutput  receives each function's output lines, prefixed with its name
     * @param requests        receives one line per API request
     * @param log             receives the runner's problems: failed invocations, batches kept, schedules failed
     */
    public record Options(Path template, Path parametersFile, Map<String, String> parameters, int apiPort,
            int dynamoPort, int sqsPort, Path dataDir, int concurrency, boolean warm, Duration sqsRetryAfter,
            String apiKey, Consumer<String> functionOutput, Consumer<String> requests, Consumer<String> log) {
    }

    /** A function and what triggers it, for the start-up summary. */
    public record FunctionInfo(String logicalId, String handler, List<String> triggers) {
    }

    private final Options options;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final Map<String, FunctionPool> pools = new LinkedHashMap<>();
    private final List<FunctionInfo> functions = new ArrayList<>();
    private final List<String> pipeSummaries = new ArrayList<>();
    private LocalAws aws;
    private LocalNames names;
    private SamTemplate template;
    private ApiServer api;
    private Schedules schedules;
    private Path website;
    private boolean closed;

    private LocalDeployment(Options options) {
        this.options = options;
    }

    /**
     * Starts everything; on any failure, stops what already started and throws.
     *
     * @throws SamTemplateException when the template uses something that cannot run locally
     * @throws IllegalStateException when a port is taken or an artifact is missing
     */
    public static LocalDeployment start(Options options) {
        LocalDeployment d = new LocalDeployment(options);
        try {
            d.startAll();
            return d;
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private void startAll() {
        // The API port first: a busy port is the likeliest failure and must not wait for everything else.
        HttpServer http = ApiServer.bind(options.apiPort());
        running.push(() -> http.stop(0));
        // Unpacked artifacts are deleted last: thousands of files each, seconds on a busy disk, and a stop must
        // first kill the JVMs, save the queues and stop the servers, in case its supervisor runs out of patience.
        running.push(() -> FunctionPool.inParallel(pools.values().stream()
                .map(pool -> (Runnable) pool::deleteTaskRoots).toList(), "delete-task-roots"));
        int apiPort = http.getAddress().getPort();
        Path templateDir = options.template().toAbsolutePath().getParent();
        SamTemplate declared = SamTemplate.load(options.template());
        template = declared.withParameters(LocalParameters.resolve(declared, options.parametersFile(),
                options.parameters(), apiPort));

        aws = LocalAws.start(new LocalAws.Options(options.dataDir() == null ? null : options.dataDir().resolve("dynamodb"),
                options.dynamoPort(), options.sqsPort()));
        running.push(aws);
        names = LocalResources.provision(template, aws);
        if (options.dataDir() != null) {
            keepQueuesAcrossStops(options.dataDir().resolve("queues"));
        }

        List<Routes.Route> routes = new ArrayList<>();
        List<Schedules.Schedule> scheduled = new ArrayList<>();
        List<SqsEventSource> sqsSources = new ArrayList<>();
        List<StreamEventSource> streamSources = new ArrayList<>();
        for (SamTemplate.Function f : template.functions(names)) {
            FunctionPool pool = pool(f, templateDir);
            pools.put(f.logicalId(), pool);
            running.push(pool::stop);
            List<String> triggers = new ArrayList<>();
            for (SamTemplate.Event event : f.events().values()) {
                if (event instanceof SamTemplate.HttpEvent h) {
                    routes.add(new Routes.Route(h.isHttpApi() ? Routes.Kind.HTTP_API : Routes.Kind.REST_API,
                            h.apiId() != null ? h.apiId() : h.isHttpApi() ? "ServerlessHttpApi" : "ServerlessRestApi",
                            h.method(), h.path(), f.logicalId(), h.apiKeyRequired(),
                            h.isHttpApi() ? "$default" : template.restApiStage(h.apiId())));
                    triggers.add((h.isHttpApi() ? "" : "REST ") + (h.path().equals("$default") ? "$default"
                            : h.method() + " " + h.path()) + (h.apiKeyRequired() ? " (API key)" : ""));
                } else if (event instanceof SamTemplate.SqsEvent s) {
                    if (!s.enabled()) {
                        triggers.add("SQS " + s.queueId() + " (disabled)");
                        continue;
                    }
                    for (int i = 0; i < options.concurrency(); i++) {
                        sqsSources.add(new SqsEventSource(aws.sqs(), names.queueUrl(s.queueId()),
                                names.queueArn(s.queueId()), s.batchSize(),
                                Duration.ofSeconds(s.maximumBatchingWindowInSeconds()), s.reportsBatchItemFailures(),
                                options.sqsRetryAfter(), sqsInvoker(f.logicalId(), "SQS " + s.queueId())));
                    }
                    triggers.add("SQS " + s.queueId() + " (batch " + s.batchSize() + ", window "
                            + s.maximumBatchingWindowInSeconds() + " s"
                            + (s.reportsBatchItemFailures() ? ", ReportBatchItemFailures" : "") + ")");
                } else if (event instanceof SamTemplate.ScheduleEvent s) {
                    ScheduleExpression expression;
                    try {
                        expression = ScheduleExpression.parse(s.schedule());
                    } catch (IllegalArgumentException e) {
                        throw new SamTemplateException(options.template() + ": function " + f.logicalId()
                                + ", event " + s.name() + ": " + e.getMessage());
                    }
                    triggers.add("schedule " + s.name() + " " + s.schedule() + (s.enabled() ? ""
                            : " (disabled; ./run fire " + f.logicalId() + "." + s.name() + " runs it)"));
                    scheduled.add(new Schedules.Schedule(f.logicalId(), s.name(), expression, s.enabled(), s.input(),
                            "arn:aws:events:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":rule/" + STACK_NAME
                                    + "-" + f.logicalId() + s.name()));
                } else if (event instanceof SamTemplate.StreamEvent s) {
                    if (!s.enabled()) {
                        triggers.add("stream of " + s.tableId() + " (disabled)");
                        continue;
                    }
                    streamSources.add(new StreamEventSource(s, f.logicalId(), aws, names, options.dataDir() == null
                            ? null : options.dataDir().resolve("streams").resolve(f.logicalId() + "." + s.name()
                            + ".position.json"), sqsInvoker(f.logicalId(), "stream " + s.tableId())));
                    triggers.add("stream of " + s.tableId() + " (batch " + s.batchSize()
                            + (s.filterPatterns().isEmpty() ? "" : ", filtered")
                            + (s.reportsBatchItemFailures() ? ", ReportBatchItemFailures" : "")
                            + (s.bisectBatchOnFunctionError() ? ", bisect" : "")
                            + (s.onFailureQueueId() == null ? "" : ", on failure -> " + s.onFailureQueueId()) + ")");
                }
            }
            functions.add(new FunctionInfo(f.logicalId(), f.handler(), triggers));
        }

        Routes table;
        try {
            table = new Routes(routes);
        } catch (IllegalArgumentException e) {
            throw new SamTemplateException(options.template() + ": " + e.getMessage());
        }
        Path site = templateDir.resolve("examples").resolve("website");
        website = Files.isDirectory(site) ? site : null;
        try {
            api = ApiServer.on(http, new ApiServer.Config(table, options.apiKey(), website,
                    new AdminApi(this), options.requests(), options.log(), Clock.systemUTC()), this::invoke);
        } catch (IllegalArgumentException e) {
            throw new SamTemplateException(options.template() + ": " + e.getMessage());
        }
        // Stopped after the event sources (pushed later, popped earlier): a function finishing its last batch may
        // still call the runner's own endpoints, such as the stand-in webhook receiver.
        running.push(api);

        startPipes();
        for (SqsEventSource source : sqsSources) {
            running.push(source);
        }
        for (int i = 0; i < sqsSources.size(); i++) {
            sqsSources.get(i).start("sqs-poller-" + i);
        }
        for (StreamEventSource source : streamSources) {
            running.push(source);
            source.start();
        }
        schedules = new Schedules(scheduled, (id, event) -> invokeOrThrow(id, event), Clock.systemUTC(),
                options.log());
        running.push(schedules);
        schedules.start();
        if (options.warm()) {
            warmUp();
        }
        api.start();
    }

    /** Resends what the last clean stop saved, and saves what waits in the queues at this one's end. */
    private void keepQueuesAcrossStops(Path dir) {
        Map<String, String> standard = new LinkedHashMap<>();
        template.queues().stream().filter(q -> !q.fifo())
                .forEach(q -> standard.put(q.logicalId(), names.queueUrl(q.logicalId())));
        QueueSnapshot snapshot = new QueueSnapshot(aws.sqs(), standard, dir);
        snapshot.restore().forEach((queue, n) -> options.log().accept("restored " + n + " message(s) to " + queue
                + " saved at the last stop"));
        // Pushed before every consumer, so it runs after all of them stopped and before ElasticMQ does.
        running.push(() -> snapshot.save().forEach((queue, n) -> options.log().accept("saved " + n
                + " message(s) of " + queue + " for the next start")));
    }

    private FunctionPool pool(SamTemplate.Function f, Path templateDir) {
        if (f.runtime() == null || !f.runtime().toLowerCase(Locale.ROOT).startsWith("java")) {
            throw new SamTemplateException(options.template() + ": function " + f.logicalId() + " has runtime "
                    + f.runtime() + "; the local runner runs Java runtimes only");
        }
        if (f.codeUri() == null) {
            throw new SamTemplateException(options.template() + ": function " + f.logicalId() + " has no CodeUri");
        }
        Map<String, String> env = FunctionEnvironment.of(f, aws.dynamoEndpoint(), aws.sqsEndpoint());
        FunctionProcess.Spec spec = new FunctionProcess.Spec(f.logicalId(), f.handler(),
                templateDir.resolve(f.codeUri()), env, f.memorySize(), Duration.ofSeconds(f.timeoutSeconds()));
        String prefix = "[" + f.logicalId() + "] ";
        return new FunctionPool(spec, options.concurrency(), line -> options.functionOutput().accept(prefix + line));
    }

    private void startPipes() {
        for (SamTemplate.Pipe p : template.pipes()) {
            if (!p.enabled()) {
                pipeSummaries.add(p.logicalId() + ": stopped (DesiredState STOPPED)");
                continue;
            }
            Path position = null;
            PipeCheckpoint checkpoint = null;
            if (options.dataDir() != null) {
                Path dir = options.dataDir().resolve("pipes");
                position = dir.resolve(p.logicalId() + ".position.json");
                List<String> queues = new ArrayList<>(List.of(names.queueUrl(p.targetQueueId())));
                template.queues().stream().filter(q -> q.logicalId().equals(p.targetQueueId()) && q.redrive() != null)
                        .forEach(q -> queues.add(names.queueUrl(q.redrive().deadLetterQueueId())));
                checkpoint = new PipeCheckpoint(position, dir.resolve(p.logicalId() + ".consumed.json"), aws.sqs(),
                        queues);
                checkpoint.rewind();
            }
            StreamPipe pipe = new StreamPipe(p, aws, names, position);
            running.push(pipe);
            pipe.start();
            if (checkpoint != null) {
                PipeCheckpoint saving = checkpoint;
                saving.save(); // the queues are new, so empty: whatever the pipe starts from is consumed
                ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "checkpoint-" + p.logicalId());
                    t.setDaemon(true);
                    return t;
                });
                timer.scheduleWithFixedDelay(() -> {
                    try {
                        saving.save();
                    } catch (RuntimeException e) {
                        options.log().accept("pipe " + p.logicalId() + ": cannot save its consumed position: " + e);
                    }
                }, 1, 1, TimeUnit.SECONDS);
                running.push(() -> {
                    timer.shutdownNow();
                    // The event sources are stopped by now: if the queues drained, a restart need not repeat.
                    saving.save();
                });
            }
            pipeSummaries.add(p.logicalId() + ": " + p.sourceTableId() + " stream -> " + p.targetQueueId()
                    + (p.filterPatterns().isEmpty() ? "" : " (filter " + String.join(" | ", p.filterPatterns()) + ")"));
        }
    }

    private void warmUp() {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (FunctionPool pool : pools.values()) {
            starts.add(CompletableFuture.runAsync(pool::warmUp));
        }
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
    }

    /** Invokes for an event source; a failed batch is reported here, the source decides what happens to it. */
    private SqsEventSource.Invoker sqsInvoker(String functionId, String source) {
        return event -> {
            try {
                return invokeOrThrow(functionId, event.getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                options.log().accept(functionId + " (" + source + "): the batch failed: " + e.getMessage());
                throw e;
            }
        };
    }

    /** Invokes a function through its pool. */
    public LambdaRuntimeApi.Response invoke(String functionId, byte[] event) {
        FunctionPool pool = pools.get(functionId);
        if (pool == null) {
            throw new IllegalArgumentException("no function " + functionId);
        }
        return pool.invoke(event);
    }

    private String invokeOrThrow(String functionId, byte[] event) {
        LambdaRuntimeApi.Response response = invoke(functionId, event);
        if (response.error()) {
            throw new IllegalStateException(functionId + " failed: " + response.text());
        }
        return response.text();
    }

    public int apiPort() {
        return api.port();
    }

    public LocalAws aws() {
        return aws;
    }

    public LocalNames names() {
        return names;
    }

    public SamTemplate template() {
        return template;
    }

    public Schedules schedules() {
        return schedules;
    }

    public List<FunctionInfo> functions() {
        return List.copyOf(functions);
    }

    public List<String> pipes() {
        return List.copyOf(pipeSummaries);
    }

    public Options options() {
        return options;
    }

    /** The website folder served at /, or null. */
    public Path website() {
        return website;
    }

    /** Process ids of every function JVM now running. */
    public List<Long> functionPids() {
        return functionPidsByFunction().values().stream().flatMap(List::stream).toList();
    }

    /** The same, by function (logical id), in template order. */
    public Map<String, List<Long>> functionPidsByFunction() {
        Map<String, List<Long>> byFunction = new LinkedHashMap<>();
        pools.forEach((id, pool) -> byFunction.put(id, pool.pids()));
        return byFunction;
    }

    /**
     * Stops in dependency order: schedules, event sources and pipes (no new invocations), the API, the function
     * JVMs, then the queues' contents are saved (with a data folder), last the servers they all talk to.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!running.isEmpty()) {
            AutoCloseable c = running.pop();
            long started = System.nanoTime();
            try {
                c.close();
            } catch (Exception e) {
                options.log().accept("while stopping: " + e);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (millis > SLOW_STOP_MILLIS) {
                options.log().accept("stopping " + c.getClass().getSimpleName() + " took " + millis + " ms");
            }
        }
    }
}
