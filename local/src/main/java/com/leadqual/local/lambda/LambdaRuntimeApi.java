package com.leadqual.local.lambda;

import com.leadqual.local.http.LoopbackHttpServer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Lambda Runtime API (2018-06-01) of one execution environment, served on loopback: the runtime interface
 * client polls {@code invocation/next}, runs the handler and posts the response or the error. One instance per
 * process, since the client's paths carry no function name.
 */
public final class LambdaRuntimeApi implements AutoCloseable {
    private static final String BASE = "/2018-06-01/runtime";

    /** What the function answered: its payload, or, when {@code error}, Lambda's error document. */
    public record Response(byte[] payload, boolean error) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private record Invocation(String requestId, byte[] event, long deadlineMillis, CompletableFuture<Response> result) {
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final String functionArn;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> running = new ConcurrentHashMap<>();
    /** Completes when the runtime first asks for work (init finished), or fails with its init error. */
    private final CompletableFuture<Long> ready = new CompletableFuture<>();
    /** Completes when a SnapStart init ran its checkpoint hooks and asks to be snapshotted (restore/next). */
    private final CompletableFuture<Long> snapshotPoint = new CompletableFuture<>();
    private volatile boolean closed;

    private LambdaRuntimeApi(HttpServer server, ExecutorService threads, String functionArn) {
        this.server = server;
        this.threads = threads;
        this.functionArn = functionArn;
    }

    public static LambdaRuntimeApi start(String functionArn) {
        try {
            HttpServer server = LoopbackHttpServer.create(0, 16);
            // A long poll on invocation/next holds a thread; the answers must never wait behind it.
            ExecutorService threads = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "runtime-api");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(threads);
            LambdaRuntimeApi api = new LambdaRuntimeApi(server, threads, functionArn);
            server.createContext(BASE + "/", api::handle);
            server.start();
            return api;
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve the Lambda Runtime API on loopback: " + e.getMessage(), e);
        }
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API} for the runtime: host:port. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Completes with System.nanoTime() of the runtime's first {@code next}, i.e. when its init finished. */
    public CompletableFuture<Long> ready() {
        return ready;
    }

    /**
     * Completes with System.nanoTime() of the runtime's {@code restore/next}: with
     * {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start} the runtime calls it after the beforeCheckpoint hooks, where
     * Lambda would take the snapshot. Never completes for an on-demand init.
     */
    public CompletableFuture<Long> snapshotPoint() {
        return snapshotPoint;
    }

    /** Queues one invocation; the future completes with the function's answer. */
    public CompletableFuture<Response> invoke(byte[] event, Duration timeout) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event,
                System.currentTimeMillis() + timeout.toMillis(), new CompletableFuture<>());
        pending.add(invocation);
        return invocation.result();
    }

    /** Fails every queued and running invocation, e.g. when the process behind this API died. */
    public void abandonAll(String why) {
        RuntimeException cause = new IllegalStateException(why);
        ready.completeExceptionally(cause);
        for (Invocation i; (i = pending.poll()) != null; ) {
            i.result().completeExceptionally(cause);
        }
        running.values().forEach(i -> i.result().completeExceptionally(cause));
        running.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(BASE.length());
            byte[] body = readAll(exchange.getRequestBody());
            if (path.equals("/invocation/next") && exchange.getRequestMethod().equals("GET")) {
                next(exchange);
            } else if (path.startsWith("/invocation/") && path.endsWith("/response")) {
                finish(exchange, path, "/response", new Response(body, false));
            } else if (path.startsWith("/invocation/") && path.endsWith("/error")) {
                finish(exchange, path, "/error", new Response(body, true));
            } else if (path.equals("/restore/next") && exchange.getRequestMethod().equals("GET")) {
                // Nothing is snapshotted here: the same JVM goes on at once, as if restored on the spot.
                snapshotPoint.complete(System.nanoTime());
                reply(exchange, 200, "{}");
            } else if (path.equals("/restore/error")) {
                ready.completeExceptionally(new IllegalStateException(
                        "the function failed its afterRestore hooks: " + new String(body, StandardCharsets.UTF_8)));
                reply(exchange, 202, "{}");
            } else if (path.equals("/init/error")) {
                ready.completeExceptionally(new IllegalStateException(
                        "the function failed to initialize: " + new String(body, StandardCharsets.UTF_8)));
                reply(exchange, 202, "{}");
            } else {
                reply(exchange, 404, "{\"errorMessage\":\"unknown runtime API path\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void next(HttpExchange exchange) throws IOException, InterruptedException {
        ready.complete(System.nanoTime());
        Invocation invocation;
        do {
            invocation = pending.poll(1, TimeUnit.SECONDS);
            if (closed) {
                return;
            }
        } while (invocation == null);
        running.put(invocation.requestId(), invocation);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMillis()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000)
                + "-" + invocation.requestId().replace("-", "").substring(0, 24) + ";Sampled=0");
        // The client's native code reads these three on every invocation and fails when one is missing.
        headers.set("Lambda-Runtime-Client-Context", "");
        headers.set("Lambda-Runtime-Cognito-Identity", "");
        headers.set("Lambda-Runtime-Aws-Tenant-Id", "");
        exchange.sendResponseHeaders(200, invocation.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.event());
        }
    }

    private void finish(HttpExchange exchange, String path, String suffix, Response response) throws IOException {
        String requestId = path.substring("/invocation/".length(), path.length() - suffix.length());
        Invocation invocation = running.remove(requestId);
        if (invocation == null) {
            reply(exchange, 400, "{\"errorMessage\":\"no invocation " + requestId + " is running\"}");
            return;
        }
        invocation.result().complete(response);
        reply(exchange, 202, "{\"status\":\"OK\"}");
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    @Override
    public void close() {
        closed = true;
        abandonAll("the runtime API was closed");
        server.stop(0);
        threads.shutdownNow();
    }
}
