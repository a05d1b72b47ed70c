package com.leadqual.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiGatewayHttpTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ApiGatewayHttp http = new ApiGatewayHttp(MAPPER);

    private static ObjectNode sample(String name) throws IOException {
        return (ObjectNode) MAPPER.readTree(Files.readString(Path.of("..", "events", name)));
    }

    private HttpRequest read(JsonNode event) throws IOException {
        return http.read(new ByteArrayInputStream(MAPPER.writeValueAsBytes(event)));
    }

    @Test
    void readsAnHttpApiV2EventWithAPlainBody() throws IOException {
        HttpRequest request = read(sample("form-ingest-json.json"));
        assertThat(request.version()).isEqualTo(HttpRequest.PayloadVersion.V2);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/forms");
        assertThat(request.route()).isEqualTo("/forms");
        assertThat(request.header("content-type")).isEqualTo("application/json");
        assertThat(request.sourceIp()).isEqualTo("203.0.113.10");
        assertThat(request.receivedAt()).isEqualTo(Instant.parse("2026-11-23T19:00:00Z"));
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).contains("\"formType\": \"demo_request\"");
    }

    @Test
    void decodesABase64Body() throws IOException {
        HttpRequest request = read(sample("form-ingest-urlencoded.json"));
        assertThat(new String(request.body(), StandardCharsets.UTF_8))
                .startsWith("email=sam.okafor%40contoso-logistics.com&formType=content_download");
    }

    @Test
    void rejectsABodyMarkedBase64ThatIsNot() throws IOException {
        ObjectNode event = sample("form-ingest-urlencoded.json");
        event.put("body", "email=not*base64!");
        assertThatThrownBy(() -> read(event)).isInstanceOf(MalformedEvent.class).hasMessageContaining("not valid base64");
    }

    @Test
    void readsARestApiV1Event() throws IOException {
        ObjectNode v1 = MAPPER.createObjectNode();
        v1.put("resource", "/webinars/zoom");
        v1.put("path", "/prod/webinars/zoom");
        v1.put("httpMethod", "POST");
        v1.putObject("headers").put("Content-Type", "application/json").put("X-Zm-Signature", "v0=abc");
        v1.putObject("multiValueHeaders").putArray("Content-Type").add("application/json");
        ObjectNode context = v1.putObject("requestContext");
        context.put("requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        context.put("requestTimeEpoch", 1795460400000L);
        context.putObject("identity").put("sourceIp", "198.51.100.7");
        v1.put("body", "eyJhIjoxfQ==");
        v1.put("isBase64Encoded", true);

        HttpRequest request = read(v1);
        assertThat(request.version()).isEqualTo(HttpRequest.PayloadVersion.V1);
        assertThat(request.route()).isEqualTo("/webinars/zoom");
        assertThat(request.path()).isEqualTo("/prod/webinars/zoom");
        assertThat(request.header("x-zm-signature")).isEqualTo("v0=abc");
        assertThat(request.sourceIp()).isEqualTo("198.51.100.7");
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void rejectsSomethingThatIsNotAProxyEvent() {
        assertThatThrownBy(() -> http.read(new ByteArrayInputStream("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(MalformedEvent.class);
        assertThatThrownBy(() -> http.read(new ByteArrayInputStream("[1]".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(MalformedEvent.class);
    }

    @Test
    void writesTheResponseShapeOfEachVersion() throws IOException {
        HttpResponse response = HttpResponse.json(202, "{\"ok\":true}").withHeader("vary", "Origin");
        ByteArrayOutputStream v2 = new ByteArrayOutputStream();
        http.write(response, HttpRequest.PayloadVersion.V2, v2);
        JsonNode written = MAPPER.readTree(v2.toByteArray());
        assertThat(written.path("statusCode").asInt()).isEqualTo(202);
        assertThat(written.path("headers").path("content-type").asText()).isEqualTo("application/json");
        assertThat(written.path("headers").path("vary").asText()).isEqualTo("Origin");
        assertThat(written.path("body").asText()).isEqualTo("{\"ok\":true}");
        assertThat(written.path("isBase64Encoded").asBoolean(true)).isFalse();

        ByteArrayOutputStream v1 = new ByteArrayOutputStream();
        http.write(response, HttpRequest.PayloadVersion.V1, v1);
        assertThat(MAPPER.readTree(v1.toByteArray()).has("cookies")).isFalse();
    }
}
