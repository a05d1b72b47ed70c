package com.leadqual.local.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.local.LocalAws;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the events API Gateway sends to a Lambda proxy integration: payload format 2.0 for HTTP APIs and 1.0 for
 * REST APIs, field for field as in {@code events/*.json}.
 */
public final class ApiGatewayEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private ApiGatewayEvents() {
    }

    /**
     * Payload format 2.0: lower-case headers with repeated ones joined by commas, cookies moved out of the headers,
     * repeated query parameters joined by commas, and the body base64-encoded unless its type is text.
     */
    public static ObjectNode httpApi(LocalRequest request, Routes.Match match) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", match.route().routeKey());
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQuery());
        List<String> cookies = new ArrayList<>();
        for (String header : request.headerValues("cookie")) {
            for (String cookie : header.split(";")) {
                if (!cookie.isBlank()) {
                    cookies.add(cookie.trim());
                }
            }
        }
        if (!cookies.isEmpty()) {
            ArrayNode c = event.putArray("cookies");
            cookies.forEach(c::add);
        }
        ObjectNode headers = event.putObject("headers");
        request.headerMap().forEach((name, values) -> {
            if (!name.equals("cookie")) {
                headers.put(name, String.join(",", values));
            }
        });
        Map<String, List<String>> query = query(request.rawQuery());
        if (!query.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            query.forEach((name, values) -> q.put(name, String.join(",", values)));
        }
        if (!match.pathParameters().isEmpty()) {
            ObjectNode p = event.putObject("pathParameters");
            match.pathParameters().forEach(p::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", LocalAws.ACCOUNT_ID);
        context.put("apiId", match.route().apiId());
        context.put("domainName", hostName(request.host()));
        context.put("domainPrefix", hostName(request.host()).split("\\.")[0]);
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.rawPath());
        http.put("protocol", request.protocol());
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", String.valueOf(request.header("user-agent")));
        context.put("requestId", request.requestId());
        context.put("routeKey", match.route().routeKey());
        context.put("stage", match.route().stage());
        context.put("time", REQUEST_TIME.format(request.receivedAt()));
        context.put("timeEpoch", request.receivedAt().toEpochMilli());
        if (request.body().length > 0) {
            boolean text = isText(request.header("content-type"));
            event.put("body", text ? new String(request.body(), StandardCharsets.UTF_8)
                    : Base64.getEncoder().encodeToString(request.body()));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /**
     * Payload format 1.0 (REST API): single-value maps hold the last value, multi-value maps all of them, absent
     * maps are null; the body passes as text (no binary media types are configured locally).
     *
     * @param apiKey the API key the caller presented, or null
     */
    public static ObjectNode restApi(LocalRequest request, Routes.Match match, String apiKey, String apiKeyId) {
        String stage = match.route().stage();
        ObjectNode event = JSON.createObjectNode();
        String resource = match.route().path();
        event.put("resource", resource);
        event.put("path", request.rawPath());
        event.put("httpMethod", request.method());
        ObjectNode headers = event.putObject("headers");
        ObjectNode multiHeaders = event.putObject("multiValueHeaders");
        request.headerMap().forEach((name, values) -> {
            headers.put(name, values.get(values.size() - 1));
            ArrayNode all = multiHeaders.putArray(name);
            values.forEach(all::add);
        });
        Map<String, List<String>> query = query(request.rawQuery());
        if (query.isEmpty()) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode q = event.putObject("queryStringParameters");
            ObjectNode mq = event.putObject("multiValueQueryStringParameters");
            query.forEach((name, values) -> {
                q.put(name, values.get(values.size() - 1));
                ArrayNode all = mq.putArray(name);
                values.forEach(all::add);
            });
        }
        if (match.pathParameters().isEmpty()) {
            event.putNull("pathParameters");
        } else {
            ObjectNode p = event.putObject("pathParameters");
            match.pathParameters().forEach(p::put);
        }
        event.putNull("stageVariables");
        ObjectNode context = event.putObject("requestContext");
        context.put("resourceId", Integer.toHexString(resource.hashCode() & 0xffffff));
        context.put("resourcePath", resource);
        context.put("httpMethod", request.method());
        context.put("extendedRequestId", request.requestId());
        context.put("requestTime", REQUEST_TIME.format(request.receivedAt()));
        context.put("path", "/" + stage + request.rawPath());
        context.put("accountId", LocalAws.ACCOUNT_ID);
        context.put("protocol", request.protocol());
        context.put("stage", stage);
        context.put("domainPrefix", hostName(request.host()).split("\\.")[0]);
        context.put("requestTimeEpoch", request.receivedAt().toEpochMilli());
        context.put("requestId", request.requestId());
        ObjectNode identity = context.putObject("identity");
        for (String absent : List.of("cognitoIdentityPoolId", "cognitoIdentityId", "principalOrgId",
                "cognitoAuthenticationType", "userArn", "accessKey", "accountId", "caller", "user",
                "cognitoAuthenticationProvider")) {
            identity.putNull(absent);
        }
        identity.put("sourceIp", request.sourceIp());
        identity.put("userAgent", request.header("user-agent"));
        if (apiKey != null) {
            identity.put("apiKey", apiKey);
            identity.put("apiKeyId", apiKeyId);
        } else {
            identity.putNull("apiKey");
            identity.putNull("apiKeyId");
        }
        context.put("domainName", hostName(request.host()));
        context.put("apiId", match.route().apiId());
        if (request.body().length > 0) {
            event.put("body", new String(request.body(), StandardCharsets.UTF_8));
        } else {
            event.putNull("body");
        }
        event.put("isBase64Encoded", false);
        return event;
    }

    /** HTTP APIs pass text media types as they are and base64-encode everything else, form posts included. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/xml") || type.endsWith("+xml") || type.equals("application/javascript");
    }

    /** Query parameters decoded like API Gateway (plus is a space), values in order, names in first order. */
    static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a stray '%' passes through as written rather than failing the request
        }
    }

    private static String hostName(String host) {
        if (host == null || host.isBlank()) {
            return "localhost";
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
    }
}
