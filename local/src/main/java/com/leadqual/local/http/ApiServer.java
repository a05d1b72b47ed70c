package com.leadqual.local.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.local.lambda.FunctionProcess;
import com.leadqual.local.lambda.LambdaRuntimeApi;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The template's APIs on one loopback port, in front of the functions: each request is matched to its route,
 * turned into the API Gateway event its API type sends, given to the function, and its answer mapped back, with
 * API Gateway's own answers where API Gateway would answer itself (no route, missing API key, payload too large,
 * integration failure or timeout). Paths under {@value #ADMIN_PREFIX} belong to the runner; anything else that
 * matches no route is served from the website folder when there is one.
 */
public final class ApiServer implements AutoCloseable {
    /** The runner's own endpoints (info, firing schedules); no template route may live here. */
    public static final String ADMIN_PREFIX = "/_local/";
    /** API Gateway's request payload limit. */
    static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;
    /** How much of a too large body is read and dropped before answering 413. */
    private static final long MAX_DRAINED_BYTES = 64L * 1024 * 1024;
    /** Lambda's limit on a synchronous invocation's event and response. */
    static final int MAX_INVOKE_BYTES = 6 * 1024 * 1024;
    /** The longest an HTTP API waits for its integration; a REST API waits 29 s. */
    static final Duration HTTP_API_TIMEOUT = Duration.ofSeconds(30);
    static final Duration REST_API_TIMEOUT = Duration.ofSeconds(29);
    /** The id REST events give the local API key ({@code requestContext.identity.apiKeyId}). */
    static final String LOCAL_API_KEY_ID = "local-api-key";

    /** Invokes a function synchronously, as API Gateway's Lambda proxy integration does. */
    @FunctionalInterface
    public interface Integration {
        LambdaRuntimeApi.Response invoke(String functionId, byte[] event);
    }

    /**
     * What to serve.
     *
     * @param apiKey    the one valid {@code x-api-key} for REST routes with ApiKeyRequired
     * @param website   the static website folder served at {@code /}, or null
     * @param admin     handles {@value #ADMIN_PREFIX}
     * @param accessLog one line per request
     * @param problems  why an integration failed (the caller only sees API Gateway's generic answer)
     */
    public record Config(Routes routes, String apiKey, Path website, HttpHandler admin,
            Consumer<String> accessLog, Consumer<String> problems, Clock clock) {
        public Config {
            website = website == null ? null : website.toAbsolutePath().normalize();
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"), Map.entry("map", "application/json"));

    private final HttpServer server;
    private final Config config;
    private final Integration integration;
    private final ExecutorService requests;
    private final ExecutorService invocations;

    private ApiServer(HttpServer server, Config config, Integration integration) {
        this.server = server;
        this.config = config;
        this.integration = integration;
        // A thread per request in flight, like the integrations: each waits for its function, and a bounded pool
        // would hold later requests back unanswered, their 30 s not yet begun (ApiServerTest).
        this.requests = Executors.newCachedThreadPool(daemon("api"));
        this.invocations = Executors.newCachedThreadPool(daemon("api-integration"));
        server.setExecutor(requests);
        server.createContext("/", this::handle);
    }

    /**
     * Binds 127.0.0.1:{@code port} (0 = a free port) before anything else starts, so a busy port fails at once.
     *
     * @throws IllegalStateException naming the port when it is taken
     */
    public static HttpServer bind(int port) {
        try {
            return LoopbackHttpServer.create(port, 128);
        } catch (BindException e) {
            throw new IllegalStateException("the API cannot listen on 127.0.0.1:" + port
                    + ": the port is already in use (another runner? choose one with --port)", e);
        } catch (IOException e) {
            throw new IllegalStateException("the API cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** Serves on {@code server} (from {@link #bind}) once {@link #start()} is called. */
    public static ApiServer on(HttpServer server, Config config, Integration integration) {
        for (Routes.Route r : config.routes().all()) {
            if ((r.path() + "/").startsWith(ADMIN_PREFIX)) {
                throw new IllegalArgumentException("route " + r.routeKey() + " of " + r.functionId() + " is under "
                        + ADMIN_PREFIX + ", which the local runner reserves for itself");
            }
        }
        return new ApiServer(server, config, integration);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getRawPath().startsWith(ADMIN_PREFIX)) {
            try (exchange) {
                config.admin().handle(exchange);
            }
            return;
        }
        long started = System.nanoTime();
        // Logged instead of the raw path, which may carry an email (a path parameter) or a query string.
        String target = exchange.getRequestMethod() + " (no route)";
        int status = 500;
        try (exchange) {
            String rawPath = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            Routes.Lookup lookup = config.routes().find(method, rawPath);
            ApiGatewayResponses.Answer answer;
            if (lookup instanceof Routes.Found found) {
                Routes.Route route = found.match().route();
                target = (route.kind() == Routes.Kind.HTTP_API ? route.routeKey() : route.method() + " " + route.path())
                        + " -> " + route.functionId();
                answer = integrate(exchange, found.match());
            } else if (lookup instanceof Routes.MethodNotAllowed) {
                answer = ApiGatewayResponses.message(403, "Missing Authentication Token");
            } else {
                Path file = (method.equals("GET") || method.equals("HEAD")) ? staticFile(rawPath) : null;
                if (file != null) {
                    target = method + " /" + config.website().relativize(file) + " (website)";
                    answer = new ApiGatewayResponses.Answer(200, List.of(
                            ApiGatewayResponses.header("content-type", contentType(file)),
                            ApiGatewayResponses.header("cache-control", "no-cache")), Files.readAllBytes(file));
                } else {
                    answer = ApiGatewayResponses.message(404, "Not Found");
                }
            }
            status = answer.status();
            write(exchange, answer, method.equals("HEAD"));
        } finally {
            config.accessLog().accept(target + " " + status + " (" + (System.nanoTime() - started) / 1_000_000
                    + " ms)");
        }
    }

    private ApiGatewayResponses.Answer integrate(HttpExchange exchange, Routes.Match match) throws IOException {
        Routes.Route route = match.route();
        boolean httpApi = route.kind() == Routes.Kind.HTTP_API;
        byte[] body = readAtMost(exchange.getRequestBody(), MAX_REQUEST_BYTES);
        if (body == null) {
            // Read the rest (up to a bound) so the client finishes sending and gets the answer, not a reset.
            drain(exchange.getRequestBody(), MAX_DRAINED_BYTES);
            return ApiGatewayResponses.message(413, "Request Entity Too Large");
        }
        String apiKey = exchange.getRequestHeaders().getFirst("x-api-key");
        if (route.apiKeyRequired() && (apiKey == null || !apiKey.equals(config.apiKey()))) {
            return ApiGatewayResponses.message(403, "Forbidden");
        }
        LocalRequest request = request(exchange, body, httpApi);
        ObjectNode event = httpApi ? ApiGatewayEvents.httpApi(request, match)
                : ApiGatewayEvents.restApi(request, match, route.apiKeyRequired() ? apiKey : null,
                        route.apiKeyRequired() ? LOCAL_API_KEY_ID : null);
        byte[] eventBytes = event.toString().getBytes(StandardCharsets.UTF_8);
        ApiGatewayResponses.Answer failure = httpApi ? ApiGatewayResponses.httpApiIntegrationFailure()
                : ApiGatewayResponses.restApiIntegrationFailure();
        if (eventBytes.length > MAX_INVOKE_BYTES) {
            config.problems().accept(route.functionId() + ": the event is over Lambda's 6 MB invocation limit");
            return failure;
        }
        Future<LambdaRuntimeApi.Response> call = invocations.submit(
                () -> integration.invoke(route.functionId(), eventBytes));
        LambdaRuntimeApi.Response response;
        try {
            response = call.get((httpApi ? HTTP_API_TIMEOUT : REST_API_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Like API Gateway: the caller gets its timeout answer; the invocation itself runs on.
            return httpApi ? ApiGatewayResponses.message(503, "Service Unavailable")
                    : ApiGatewayResponses.message(504, "Endpoint request timed out");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            config.problems().accept(route.functionId() + ": " + (cause instanceof FunctionProcess.InvocationFailed
                    ? cause.getMessage() : String.valueOf(cause)));
            return failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure;
        }
        if (response.error()) {
            config.problems().accept(route.functionId() + ": the function failed: " + abbreviate(response.text()));
            return failure;
        }
        if (response.payload().length > MAX_INVOKE_BYTES) {
            config.problems().accept(route.functionId() + ": the response is over Lambda's 6 MB invocation limit");
            return failure;
        }
        ApiGatewayResponses.Answer answer = httpApi ? ApiGatewayResponses.fromHttpApi(response.text())
                : ApiGatewayResponses.fromRestApi(response.text());
        List<Map.Entry<String, String>> headers = new ArrayList<>(answer.headers());
        headers.add(ApiGatewayResponses.header(httpApi ? "apigw-requestid" : "x-amzn-RequestId", request.requestId()));
        return new ApiGatewayResponses.Answer(answer.status(), headers, answer.body());
    }

    private LocalRequest request(HttpExchange exchange, byte[] body, boolean httpApi) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String forwardedFor = null;
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            for (String value : h.getValue()) {
                if (name.equals("x-forwarded-for")) {
                    forwardedFor = value;
                } else {
                    headers.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
                }
            }
        }
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        long now = config.clock().millis();
        // What API Gateway adds in front of every integration.
        headers.add(entry("x-amzn-trace-id", "Root=1-" + Long.toHexString(now / 1000) + "-"
                + HexFormat.of().formatHex(randomBytes(12))));
        headers.add(entry("x-forwarded-for", forwardedFor == null ? sourceIp : forwardedFor + ", " + sourceIp));
        headers.add(entry("x-forwarded-port", Integer.toString(port())));
        headers.add(entry("x-forwarded-proto", "http"));
        String requestId = httpApi ? Base64.getEncoder().encodeToString(randomBytes(11)) : UUID.randomUUID().toString();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        return new LocalRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                exchange.getRequestURI().getRawPath(), rawQuery == null ? "" : rawQuery, headers, body,
                sourceIp, exchange.getProtocol(), exchange.getRequestHeaders().getFirst("host"),
                java.time.Instant.ofEpochMilli(now), requestId);
    }

    private static Map.Entry<String, String> entry(String name, String value) {
        return new AbstractMap.SimpleImmutableEntry<>(name, value);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** The file under the website folder for a GET path, or null; never a file outside the folder. */
    private Path staticFile(String rawPath) {
        if (config.website() == null) {
            return null;
        }
        String decoded;
        try {
            decoded = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        Path root = config.website();
        Path file = root.resolve(decoded.substring(1)).normalize();
        if (!file.startsWith(root)) {
            return null;
        }
        if (Files.isDirectory(file)) {
            file = file.resolve("index.html");
        }
        return Files.isRegularFile(file) ? file : null;
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.getOrDefault(ext, "application/octet-stream");
    }

    private static void write(HttpExchange exchange, ApiGatewayResponses.Answer answer, boolean head)
            throws IOException {
        answer.headers().forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
        boolean noBody = head || answer.body().length == 0 || answer.status() == 204 || answer.status() == 304;
        exchange.sendResponseHeaders(answer.status(), noBody ? -1 : answer.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    /** Reads and drops up to {@code limit} bytes. Not skip(): the JDK's request stream skips past its end. */
    private static void drain(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long drained = 0;
        for (int n; drained < limit && (n = in.read(buffer)) >= 0; ) {
            drained += n;
        }
    }

    /** The body, or null when it is longer than {@code limit}. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops accepting requests (those in flight get up to a second), then its threads. */
    @Override
    public void close() {
        server.stop(1);
        requests.shutdownNow();
        invocations.shutdownNow();
    }
}
