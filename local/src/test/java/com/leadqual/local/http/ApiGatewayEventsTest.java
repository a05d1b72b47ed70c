package com.leadqual.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.http.ApiGatewayHttp;
import com.leadqual.http.HttpRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The events are checked against the samples in events/ and read back by the handlers' own ApiGatewayHttp. */
class ApiGatewayEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EVENTS = Path.of("..", "events");
    private static final Instant RECEIVED = Instant.parse("2026-11-23T19:00:00Z");
    private static final String FORM = "email=sam.okafor%40contoso-logistics.com&formType=content_download";

    private static LocalRequest request(String method, String path, String query, String body,
            String... headerPairs) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(new AbstractMap.SimpleImmutableEntry<>(headerPairs[i], headerPairs[i + 1]));
        }
        return new LocalRequest(method, path, query, headers, body.getBytes(StandardCharsets.UTF_8), "127.0.0.1",
                "HTTP/1.1", "localhost:3000", RECEIVED, "VxQ3nj1ZIAMEVdg=");
    }

    private static Routes.Match match(Routes.Kind kind, String method, String path, Map<String, String> params) {
        return new Routes.Match(new Routes.Route(kind, "IngestApi", method, path, "Fn", false,
                kind == Routes.Kind.HTTP_API ? "$default" : "Prod"), params);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void anHttpApiFormPostHasTheShapeOfTheSampleWithItsBodyBase64Encoded() throws Exception {
        JsonNode sample = JSON.readTree(EVENTS.resolve("form-ingest-urlencoded.json").toFile());
        ObjectNode event = ApiGatewayEvents.httpApi(request("POST", "/forms", "", FORM,
                "content-type", "application/x-www-form-urlencoded", "user-agent", "curl/8", "host", "localhost:3000"),
                match(Routes.Kind.HTTP_API, "POST", "/forms", Map.of()));

        assertThat(fieldNames(event)).isEqualTo(fieldNames(sample));
        assertThat(fieldNames(event.path("requestContext"))).isEqualTo(fieldNames(sample.path("requestContext")));
        assertThat(fieldNames(event.path("requestContext").path("http")))
                .isEqualTo(fieldNames(sample.path("requestContext").path("http")));
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("routeKey").asText()).isEqualTo("POST /forms");
        assertThat(event.path("requestContext").path("routeKey").asText()).isEqualTo("POST /forms");
        assertThat(event.path("requestContext").path("stage").asText()).isEqualTo("$default");
        assertThat(event.path("requestContext").path("time").asText())
                .isEqualTo(sample.path("requestContext").path("time").asText());
        assertThat(event.path("requestContext").path("timeEpoch").asLong()).isEqualTo(RECEIVED.toEpochMilli());
        assertThat(event.path("requestContext").path("domainName").asText()).isEqualTo("localhost");
        assertThat(event.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(new String(Base64.getDecoder().decode(event.path("body").asText()), StandardCharsets.UTF_8))
                .isEqualTo(FORM);

        HttpRequest read = new ApiGatewayHttp(JSON).read(new ByteArrayInputStream(event.toString().getBytes(
                StandardCharsets.UTF_8)));
        assertThat(read.version()).isEqualTo(HttpRequest.PayloadVersion.V2);
        assertThat(read.route()).isEqualTo("/forms");
        assertThat(new String(read.body(), StandardCharsets.UTF_8)).isEqualTo(FORM);
        assertThat(read.receivedAt()).isEqualTo(RECEIVED);
        assertThat(read.header("content-type")).isEqualTo("application/x-www-form-urlencoded");
    }

    @Test
    void aJsonBodyPassesAsTextLikeTheJsonSample() throws Exception {
        JsonNode sample = JSON.readTree(EVENTS.resolve("form-ingest-json.json").toFile());
        ObjectNode event = ApiGatewayEvents.httpApi(request("POST", "/forms", "", "{\"email\":\"a@b.io\"}",
                "content-type", "application/json; charset=utf-8"), match(Routes.Kind.HTTP_API, "POST", "/forms",
                Map.of()));

        assertThat(event.path("isBase64Encoded").asBoolean()).isEqualTo(sample.path("isBase64Encoded").asBoolean());
        assertThat(event.path("body").asText()).isEqualTo("{\"email\":\"a@b.io\"}");
    }

    @Test
    void withoutABodyThereIsNoBodyField() throws Exception {
        JsonNode sample = JSON.readTree(EVENTS.resolve("form-ingest-preflight.json").toFile());
        ObjectNode event = ApiGatewayEvents.httpApi(request("OPTIONS", "/forms", "", "",
                "origin", "https://www.example.com"), match(Routes.Kind.HTTP_API, "OPTIONS", "/forms", Map.of()));

        assertThat(fieldNames(event)).isEqualTo(fieldNames(sample));
    }

    @Test
    void repeatedHeadersAndParametersAreJoinedByCommasAndCookiesMoveOutOfTheHeaders() {
        ObjectNode event = ApiGatewayEvents.httpApi(request("GET", "/leads/a%40b.io", "x=1&x=2&q=a+b%21&flag", "",
                "accept", "text/html", "accept", "application/json", "cookie", "a=1; b=2", "cookie", "c=3"),
                match(Routes.Kind.HTTP_API, "GET", "/leads/{email}", Map.of("email", "a@b.io")));

        assertThat(event.path("headers").path("accept").asText()).isEqualTo("text/html,application/json");
        assertThat(event.path("headers").has("cookie")).isFalse();
        assertThat(event.path("cookies")).extracting(JsonNode::asText).containsExactly("a=1", "b=2", "c=3");
        assertThat(event.path("rawQueryString").asText()).isEqualTo("x=1&x=2&q=a+b%21&flag");
        assertThat(event.path("queryStringParameters").path("x").asText()).isEqualTo("1,2");
        assertThat(event.path("queryStringParameters").path("q").asText()).isEqualTo("a b!");
        assertThat(event.path("queryStringParameters").path("flag").asText()).isEmpty();
        assertThat(event.path("pathParameters").path("email").asText()).isEqualTo("a@b.io");
        assertThat(event.path("rawPath").asText()).isEqualTo("/leads/a%40b.io");
        assertThat(event.path("routeKey").asText()).isEqualTo("GET /leads/{email}");
    }

    @Test
    void aRestApiEventIsPayloadFormatOneWithMultiValueMapsTheStageAndTheApiKey() throws Exception {
        ObjectNode event = ApiGatewayEvents.restApi(request("GET", "/leads/a%40b.io", "x=1&x=2", "",
                "accept", "text/html", "accept", "application/json", "x-api-key", "k"),
                match(Routes.Kind.REST_API, "GET", "/leads/{email}", Map.of("email", "a@b.io")), "k", "local-api-key");

        assertThat(fieldNames(event)).containsExactlyInAnyOrder("resource", "path", "httpMethod", "headers",
                "multiValueHeaders", "queryStringParameters", "multiValueQueryStringParameters", "pathParameters",
                "stageVariables", "requestContext", "body", "isBase64Encoded");
        assertThat(event.path("resource").asText()).isEqualTo("/leads/{email}");
        assertThat(event.path("headers").path("accept").asText()).isEqualTo("application/json");
        assertThat(event.path("multiValueHeaders").path("accept")).extracting(JsonNode::asText)
                .containsExactly("text/html", "application/json");
        assertThat(event.path("queryStringParameters").path("x").asText()).isEqualTo("2");
        assertThat(event.path("multiValueQueryStringParameters").path("x")).extracting(JsonNode::asText)
                .containsExactly("1", "2");
        assertThat(event.path("body").isNull()).isTrue();
        JsonNode context = event.path("requestContext");
        assertThat(context.path("stage").asText()).isEqualTo("Prod");
        assertThat(context.path("path").asText()).isEqualTo("/Prod/leads/a%40b.io");
        assertThat(context.path("resourcePath").asText()).isEqualTo("/leads/{email}");
        assertThat(context.path("identity").path("apiKey").asText()).isEqualTo("k");
        assertThat(context.path("identity").path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(context.path("requestTimeEpoch").asLong()).isEqualTo(RECEIVED.toEpochMilli());

        HttpRequest read = new ApiGatewayHttp(JSON).read(new ByteArrayInputStream(event.toString().getBytes(
                StandardCharsets.UTF_8)));
        assertThat(read.version()).isEqualTo(HttpRequest.PayloadVersion.V1);
        assertThat(read.route()).isEqualTo("/leads/{email}");
        assertThat(read.method()).isEqualTo("GET");
        assertThat(read.receivedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void restApiBodiesPassAsTextAndAbsentMapsAreNull() {
        ObjectNode event = ApiGatewayEvents.restApi(request("POST", "/x", "", "a=1", "content-type",
                "application/x-www-form-urlencoded"), match(Routes.Kind.REST_API, "POST", "/x", Map.of()), null, null);

        assertThat(event.path("body").asText()).isEqualTo("a=1");
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
        for (Iterator<String> it = List.of("queryStringParameters", "multiValueQueryStringParameters",
                "pathParameters", "stageVariables").iterator(); it.hasNext(); ) {
            String name = it.next();
            assertThat(event.path(name).isNull()).as(name).isTrue();
        }
        assertThat(event.path("requestContext").path("identity").path("apiKey").isNull()).isTrue();
    }

    @Test
    void textMediaTypesAreKnown() {
        assertThat(ApiGatewayEvents.isText("text/html; charset=utf-8")).isTrue();
        assertThat(ApiGatewayEvents.isText("application/problem+json")).isTrue();
        assertThat(ApiGatewayEvents.isText("application/x-www-form-urlencoded")).isFalse();
        assertThat(ApiGatewayEvents.isText("multipart/form-data; boundary=x")).isFalse();
        assertThat(ApiGatewayEvents.isText(null)).isFalse();
    }
}
