package com.leadqual.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers; {@link ApiGatewayHttp} turns it into the response shape API Gateway expects. */
public record HttpResponse(int status, Map<String, String> headers, String body) {

    public static HttpResponse json(int status, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        return new HttpResponse(status, headers, body);
    }

    public static HttpResponse empty(int status) {
        return new HttpResponse(status, new LinkedHashMap<>(), "");
    }

    public HttpResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpResponse(status, copy, body);
    }
}
