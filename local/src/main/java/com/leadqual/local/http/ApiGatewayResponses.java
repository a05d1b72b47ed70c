package com.leadqual.local.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a function's answer into the HTTP response API Gateway would send, and produces API Gateway's own error
 * responses ({@code {"message": ...}}) with the statuses each API type uses.
 */
public final class ApiGatewayResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiGatewayResponses() {
    }

    /** An HTTP response: status, header lines in order, body bytes. */
    public record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        public Answer {
            headers = List.copyOf(headers);
        }

        public String header(String name) {
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** API Gateway's own answer, e.g. 404 {"message":"Not Found"}. */
    public static Answer message(int status, String message) {
        byte[] body = JSON.createObjectNode().put("message", message).toString().getBytes(StandardCharsets.UTF_8);
        return new Answer(status, List.of(header("content-type", "application/json")), body);
    }

    /** What an HTTP API answers when the integration failed: the function errored, timed out or crashed. */
    public static Answer httpApiIntegrationFailure() {
        return message(500, "Internal Server Error");
    }

    /** What a REST API answers when the Lambda integration failed or answered something it cannot read. */
    public static Answer restApiIntegrationFailure() {
        return message(502, "Internal server error");
    }

    /**
     * Payload format 2.0: an object with {@code statusCode} is read as a response (headers, cookies, body,
     * isBase64Encoded); any other valid JSON is the body of a 200 application/json response.
     */
    public static Answer fromHttpApi(String payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (Exception e) {
            return httpApiIntegrationFailure();
        }
        if (root == null || !root.isObject() || !root.has("statusCode")) {
            if (root == null) {
                return httpApiIntegrationFailure();
            }
            return new Answer(200, List.of(header("content-type", "application/json")),
                    payload.getBytes(StandardCharsets.UTF_8));
        }
        Integer status = status(root.get("statusCode"));
        if (status == null) {
            return httpApiIntegrationFailure();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            headers.add(header(h.getKey(), h.getValue().asText()));
        }
        for (JsonNode cookie : root.path("cookies")) {
            headers.add(header("set-cookie", cookie.asText()));
        }
        byte[] body = body(root);
        return body == null ? httpApiIntegrationFailure() : new Answer(status, headers, body);
    }

    /**
     * Payload format 1.0: the function must answer an object with an integer {@code statusCode}; headers and
     * multiValueHeaders merge, the multi-value one winning for a name in both, as API Gateway merges them.
     */
    public static Answer fromRestApi(String payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (Exception e) {
            return restApiIntegrationFailure();
        }
        if (root == null || !root.isObject()) {
            return restApiIntegrationFailure();
        }
        Integer status = status(root.get("statusCode"));
        if (status == null) {
            return restApiIntegrationFailure();
        }
        Map<String, List<String>> merged = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            merged.put(h.getKey(), List.of(h.getValue().asText()));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("multiValueHeaders").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            List<String> values = new ArrayList<>();
            h.getValue().forEach(v -> values.add(v.asText()));
            merged.put(h.getKey(), values);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        merged.forEach((name, values) -> values.forEach(v -> headers.add(header(name, v))));
        if (merged.keySet().stream().noneMatch(n -> n.equalsIgnoreCase("content-type"))) {
            headers.add(header("content-type", "application/json"));
        }
        byte[] body = body(root);
        return body == null ? restApiIntegrationFailure() : new Answer(status, headers, body);
    }

    private static Integer status(JsonNode node) {
        if (node == null) {
            return null;
        }
        int status;
        if (node.isIntegralNumber()) {
            status = node.asInt();
        } else if (node.isTextual() && node.asText().matches("\\d{3}")) {
            status = Integer.parseInt(node.asText());
        } else {
            return null;
        }
        return status >= 100 && status <= 599 ? status : null;
    }

    /** The body bytes, or null when it claims base64 but is not. */
    private static byte[] body(JsonNode root) {
        JsonNode body = root.get("body");
        if (body == null || body.isNull()) {
            return new byte[0];
        }
        String text = body.isTextual() ? body.asText() : body.toString();
        if (root.path("isBase64Encoded").asBoolean(false)) {
            try {
                // Strict: the MIME decoder would skip foreign characters and answer garbage instead of failing.
                return Base64.getDecoder().decode(text.replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static Map.Entry<String, String> header(String name, String value) {
        return new AbstractMap.SimpleImmutableEntry<>(name, value);
    }
}
