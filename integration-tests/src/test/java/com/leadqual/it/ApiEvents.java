package com.leadqual.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/** API Gateway events built from the samples in events/, so tests send exactly what AWS sends. */
final class ApiEvents {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Path EVENTS = Path.of("..", "events");

    private final ObjectNode event;

    private ApiEvents(ObjectNode event) {
        this.event = event;
    }

    static ApiEvents sample(String file) {
        try {
            return new ApiEvents((ObjectNode) MAPPER.readTree(Files.readString(EVENTS.resolve(file))))
                    .at(Instant.now());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sampleText(String file) {
        try {
            return Files.readString(EVENTS.resolve(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    ApiEvents body(String body) {
        event.put("body", body);
        event.put("isBase64Encoded", false);
        ((ObjectNode) event.path("headers")).put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        return this;
    }

    ApiEvents base64Body(byte[] body) {
        event.put("body", Base64.getEncoder().encodeToString(body));
        event.put("isBase64Encoded", true);
        ((ObjectNode) event.path("headers")).put("content-length", Integer.toString(body.length));
        return this;
    }

    ApiEvents rawBody(String body, boolean base64) {
        event.put("body", body);
        event.put("isBase64Encoded", base64);
        return this;
    }

    ApiEvents header(String name, String value) {
        ObjectNode headers = (ObjectNode) event.path("headers");
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        return this;
    }

    ApiEvents at(Instant time) {
        ((ObjectNode) event.path("requestContext")).put("timeEpoch", time.toEpochMilli());
        return this;
    }

    String bodyText() {
        String body = event.path("body").asText();
        return event.path("isBase64Encoded").asBoolean()
                ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
    }

    String json() {
        return event.toString();
    }

    /** The same request as a REST API (payload version 1.0) would deliver it. */
    String asRestApiV1() {
        ObjectNode v1 = MAPPER.createObjectNode();
        JsonNode context = event.path("requestContext");
        String route = event.path("routeKey").asText().split(" ", 2)[1];
        v1.put("resource", route);
        v1.put("path", "/prod" + route);
        v1.put("httpMethod", context.path("http").path("method").asText());
        ObjectNode headers = v1.putObject("headers");
        ObjectNode multi = v1.putObject("multiValueHeaders");
        for (Iterator<Map.Entry<String, JsonNode>> it = event.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            String name = capitalized(h.getKey());
            headers.put(name, h.getValue().asText());
            multi.putArray(name).add(h.getValue().asText());
        }
        v1.putNull("queryStringParameters");
        v1.putNull("pathParameters");
        ObjectNode rc = v1.putObject("requestContext");
        rc.put("resourcePath", route);
        rc.put("httpMethod", context.path("http").path("method").asText());
        rc.put("requestId", context.path("requestId").asText());
        rc.put("requestTimeEpoch", context.path("timeEpoch").asLong());
        rc.put("stage", "prod");
        rc.putObject("identity").put("sourceIp", context.path("http").path("sourceIp").asText());
        v1.set("body", event.path("body"));
        v1.put("isBase64Encoded", event.path("isBase64Encoded").asBoolean());
        return v1.toString();
    }

    private static String capitalized(String header) {
        StringBuilder out = new StringBuilder();
        for (String part : header.split("-")) {
            if (out.length() > 0) {
                out.append('-');
            }
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
