package com.leadqual.local.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.local.lambda.LambdaRuntimeApi;
import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local API over real HTTP, with an in-process integration standing in for the function JVMs. */
class ApiServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, JsonNode> events = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch arrivals = new CountDownLatch(0);
    @TempDir
    Path website;
    private ApiServer server;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(website.resolve("index.html"), "<h1>form</h1>");
        Files.createDirectories(website.resolve("forms"));
        Files.writeString(website.resolve("forms").resolve("index.html"), "shadowed by the API route");
        Files.writeString(website.resolve("app.js"), "post()");
        Routes routes = new Routes(List.of(
                new Routes.Route(Routes.Kind.HTTP_API, "IngestApi", "POST", "/forms", "Forms", false, "$default"),
                new Routes.Route(Routes.Kind.HTTP_API, "IngestApi", "GET", "/forms", "Forms", false, "$default"),
                new Routes.Route(Routes.Kind.HTTP_API, "IngestApi", "POST", "/broken", "Broken", false, "$default"),
                new Routes.Route(Routes.Kind.HTTP_API, "IngestApi", "POST", "/crash", "Crash", false, "$default"),
                new Routes.Route(Routes.Kind.HTTP_API, "IngestApi", "POST", "/slow", "Slow", false, "$default"),
                new Routes.Route(Routes.Kind.REST_API, "LeadsApi", "GET", "/leads/{email}", "Leads", true, "Prod"),
                new Routes.Route(Routes.Kind.REST_API, "LeadsApi", "POST", "/broken-rest", "Broken", false, "Prod")));
        HttpServer bound = ApiServer.bind(0);
        server = ApiServer.on(bound, new ApiServer.Config(routes, "secret-key", website,
                exchange -> {
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                }, requests::add, problems::add, Clock.systemUTC()), this::integrate);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    private LambdaRuntimeApi.Response integrate(String function, byte[] event) {
        try {
            events.put(function, JSON.readTree(event));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return switch (function) {
            case "Forms" -> ok("{\"statusCode\":202,\"headers\":{\"content-type\":\"application/json\"},"
                    + "\"cookies\":[\"seen=1\"],\"body\":\"{\\\"ok\\\":true}\"}");
            case "Leads" -> ok("{\"statusCode\":200,\"multiValueHeaders\":{\"x-v\":[\"1\",\"2\"]},\"body\":\"lead\"}");
            case "Slow" -> slow();
            case "Broken" -> new LambdaRuntimeApi.Response("{\"errorMessage\":\"boom\"}".getBytes(
                    StandardCharsets.UTF_8), true);
            default -> throw new IllegalStateException("Crash: the runtime exited");
        };
    }

    /** Answers 202 once every expected request has reached its integration (500 if they did not within 20 s). */
    private LambdaRuntimeApi.Response slow() {
        arrivals.countDown();
        try {
            return ok("{\"statusCode\":" + (arrivals.await(20, TimeUnit.SECONDS) ? 202 : 500) + ",\"body\":\"\"}");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LambdaRuntimeApi.Response ok(String json) {
        return new LambdaRuntimeApi.Response(json.getBytes(StandardCharsets.UTF_8), false);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(base.resolve(path));
    }

    /**
     * API Gateway holds no request back while others wait for their functions, and its 30 s limit runs from a
     * request's arrival. The server had 32 request threads, each blocked for its integration: under load the 33rd
     * request waited in the server's queue before its 30 s even began, and clients got no answer at all (the load
     * suite saw 68 requests unanswered after 35 s). Here 48 requests must all reach their integration together.
     */
    @Test
    void everyRequestReachesItsIntegrationWhileTheOthersStillWait() {
        int concurrent = 48;
        arrivals = new CountDownLatch(concurrent);
        List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, concurrent)
                .mapToObj(i -> http.sendAsync(to("/slow").POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();

        assertThat(answers).allSatisfy(answer -> assertThat(answer.join().statusCode()).isEqualTo(202));
    }

    @Test
    void aRouteGetsItsApiGatewayEventAndItsAnswerIsMappedBack() throws Exception {
        HttpResponse<String> r = send(to("/forms?utm=x").header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", "a=1").POST(HttpRequest.BodyPublishers.ofString("email=a%40b.io")));

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).isEqualTo("{\"ok\":true}");
        assertThat(r.headers().allValues("set-cookie")).containsExactly("seen=1");
        assertThat(r.headers().firstValue("apigw-requestid")).isPresent();
        JsonNode event = events.get("Forms");
        assertThat(event.path("routeKey").asText()).isEqualTo("POST /forms");
        assertThat(event.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(event.path("rawQueryString").asText()).isEqualTo("utm=x");
        assertThat(event.path("cookies").get(0).asText()).isEqualTo("a=1");
        assertThat(event.path("headers").path("x-forwarded-proto").asText()).isEqualTo("http");
        assertThat(event.path("headers").path("x-forwarded-for").asText()).isEqualTo("127.0.0.1");
        assertThat(event.path("headers").path("x-amzn-trace-id").asText()).startsWith("Root=1-");
        assertThat(event.path("requestContext").path("http").path("sourceIp").asText()).isEqualTo("127.0.0.1");
        // The request line is written once the answer is sent: it may come a moment after the client has it.
        long deadline = System.currentTimeMillis() + 5_000;
        while (requests.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(requests).anyMatch(line -> line.startsWith("POST /forms -> Forms 202"));
        assertThat(requests).noneMatch(line -> line.contains("a%40b.io") || line.contains("utm"));
    }

    @Test
    void aRestRouteWithApiKeyRequiredRefusesAMissingOrWrongKeyLikeApiGateway() throws Exception {
        HttpResponse<String> none = send(to("/leads/a%40b.io").GET());
        HttpResponse<String> wrong = send(to("/leads/a%40b.io").header("x-api-key", "guess").GET());
        HttpResponse<String> right = send(to("/leads/a%40b.io").header("x-api-key", "secret-key").GET());

        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).isEqualTo("lead");
        assertThat(right.headers().allValues("x-v")).containsExactly("1", "2");
        JsonNode event = events.get("Leads");
        assertThat(event.path("pathParameters").path("email").asText()).isEqualTo("a@b.io");
        assertThat(event.path("requestContext").path("identity").path("apiKey").asText()).isEqualTo("secret-key");
        assertThat(event.path("requestContext").path("stage").asText()).isEqualTo("Prod");
    }

    @Test
    void apiGatewaysOwnAnswers() throws Exception {
        HttpResponse<String> unknown = send(to("/nothing-here").POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> restMethod = send(to("/leads/x").DELETE());
        HttpResponse<String> failed = send(to("/broken").POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> failedRest = send(to("/broken-rest").POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> crashed = send(to("/crash").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(restMethod.statusCode()).isEqualTo(403);
        assertThat(restMethod.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        assertThat(failedRest.statusCode()).isEqualTo(502);
        assertThat(failedRest.body()).isEqualTo("{\"message\":\"Internal server error\"}");
        assertThat(crashed.statusCode()).isEqualTo(500);
        assertThat(problems).anyMatch(p -> p.contains("boom")).anyMatch(p -> p.contains("the runtime exited"));
    }

    @Test
    void aBodyOverTenMegabytesIs413AndNeverReachesTheFunction() throws Exception {
        byte[] big = new byte[ApiServer.MAX_REQUEST_BYTES + 1];
        HttpResponse<String> r = send(to("/forms").header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)));

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("{\"message\":\"Request Entity Too Large\"}");
        assertThat(events).doesNotContainKey("Forms");
    }

    @Test
    void theWebsiteIsServedAtTheRootAndApiRoutesTakePrecedence() throws Exception {
        HttpResponse<String> index = send(to("/").GET());
        HttpResponse<String> script = send(to("/app.js").GET());
        HttpResponse<String> route = send(to("/forms").GET());
        HttpResponse<String> escape = send(to("/..%2f..%2fetc%2fpasswd").GET());
        HttpResponse<String> post = send(to("/app.js").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).isEqualTo("<h1>form</h1>");
        assertThat(index.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(script.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(route.statusCode()).isEqualTo(202);
        assertThat(route.body()).isEqualTo("{\"ok\":true}");
        assertThat(escape.statusCode()).isEqualTo(404);
        assertThat(post.statusCode()).isEqualTo(404);
    }

    @Test
    void theAdminPrefixGoesToTheRunnerAndNoTemplateRouteMayUseIt() throws Exception {
        assertThat(send(to("/_local/info").GET()).statusCode()).isEqualTo(200);
        Routes reserved = new Routes(List.of(new Routes.Route(Routes.Kind.HTTP_API, "Api", "GET", "/_local/x", "F",
                false, "$default")));
        HttpServer other = ApiServer.bind(0);
        try {
            assertThatThrownBy(() -> ApiServer.on(other, new ApiServer.Config(reserved, "k", null,
                    e -> { }, line -> { }, line -> { }, Clock.systemUTC()), this::integrate))
                    .hasMessageContaining("reserves");
        } finally {
            other.stop(0);
        }
    }

    @Test
    void aBusyPortIsNamed() {
        assertThatThrownBy(() -> ApiServer.bind(server.port()))
                .hasMessageContaining("127.0.0.1:" + server.port()).hasMessageContaining("already in use");
    }
}
