package com.leadqual.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads API Gateway proxy events of both payload versions (REST API v1, HTTP API v2) and writes the matching
 * response, so an ingest function works behind either kind of API.
 */
public final class ApiGatewayHttp {
    private final ObjectMapper mapper;

    public ApiGatewayHttp(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public HttpRequest read(InputStream event) throws IOException {
        JsonNode root = mapper.readTree(event);
        if (root == null || !root.isObject()) {
            throw new MalformedEvent("the invocation is not an API Gateway proxy event");
        }
        boolean v2 = "2.0".equals(root.path("version").asText());
        JsonNode context = root.path("requestContext");
        String method = v2 ? context.path("http").path("method").asText(null) : root.path("httpMethod").asText(null);
        String path = v2 ? root.path("rawPath").asText(null) : root.path("path").asText(null);
        if (method == null || path == null) {
            throw new MalformedEvent("the invocation has no HTTP method or path");
        }
        String route = v2 ? routeOf(root.path("routeKey").asText("")) : root.path("resource").asText("");
        String sourceIp = v2 ? context.path("http").path("sourceIp").asText(null)
                : context.path("identity").path("sourceIp").asText(null);
        long epochMillis = v2 ? context.path("timeEpoch").asLong(0) : context.path("requestTimeEpoch").asLong(0);
        return new HttpRequest(
                method.toUpperCase(Locale.ROOT),
                path,
                route.isEmpty() ? path : route,
                headers(root.path("headers")),
                pathParameters(root.path("pathParameters")),
                body(root),
                sourceIp,
                context.path("requestId").asText(null),
                epochMillis > 0 ? Instant.ofEpochMilli(epochMillis) : null,
                v2 ? HttpRequest.PayloadVersion.V2 : HttpRequest.PayloadVersion.V1);
    }

    public void write(HttpResponse response, HttpRequest.PayloadVersion version, OutputStream out) throws IOException {
        ObjectNode root = mapper.createObjectNode();
        root.put("statusCode", response.status());
        ObjectNode headers = root.putObject("headers");
        response.headers().forEach(headers::put);
        root.put("body", response.body());
        root.put("isBase64Encoded", false);
        if (version == HttpRequest.PayloadVersion.V2) {
            root.putArray("cookies");
        }
        try (JsonGenerator generator = mapper.getFactory().createGenerator(out)) {
            mapper.writeTree(generator, root);
        }
    }

    /** "POST /webinars/zoom" to "/webinars/zoom"; "$default" routes have no path template. */
    private static String routeOf(String routeKey) {
        int space = routeKey.indexOf(' ');
        return space < 0 ? "" : routeKey.substring(space + 1);
    }

    private static Map<String, String> headers(JsonNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            if (header.getValue().isTextual()) {
                headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue().asText());
            }
        }
        return headers;
    }

    /** Names as declared in the route; null (no parameters) becomes empty. */
    private static Map<String, String> pathParameters(JsonNode node) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> parameter = it.next();
            if (parameter.getValue().isTextual()) {
                parameters.put(parameter.getKey(), parameter.getValue().asText());
            }
        }
        return parameters;
    }

    private static byte[] body(JsonNode root) {
        JsonNode body = root.path("body");
        if (!body.isTextual()) {
            return new byte[0];
        }
        if (root.path("isBase64Encoded").asBoolean(false)) {
            try {
                return Base64.getMimeDecoder().decode(strictBase64(body.asText()));
            } catch (IllegalArgumentException e) {
                throw new MalformedEvent("the request body is marked base64 but is not valid base64");
            }
        }
        return body.asText().getBytes(StandardCharsets.UTF_8);
    }

    /** The MIME decoder skips foreign characters silently; API Gateway never sends them, so they mean corruption. */
    private static String strictBase64(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=' || c == '\r' || c == '\n';
            if (!ok) {
                throw new IllegalArgumentException("not base64");
            }
        }
        return text;
    }
}
