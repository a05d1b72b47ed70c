package com.leadqual.local.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request as it reached the local API, before API Gateway's mapping: what both payload formats are
 * built from.
 *
 * @param rawPath   the path as on the wire (not decoded)
 * @param rawQuery  the query string as on the wire, without '?', or "" when none
 * @param headers   every header line in order, names lower-cased (the JDK server does not keep their case)
 * @param protocol  e.g. HTTP/1.1
 * @param host      the Host header, the API's domain name locally
 * @param requestId API Gateway's request id for this request
 */
public record LocalRequest(String method, String rawPath, String rawQuery, List<Map.Entry<String, String>> headers,
        byte[] body, String sourceIp, String protocol, String host, Instant receivedAt, String requestId) {

    public LocalRequest {
        headers = List.copyOf(headers);
    }

    /** Every value of a header, in order. */
    public List<String> headerValues(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equals(name)) {
                values.add(h.getValue());
            }
        }
        return values;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headerValues(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** Header names in order of first appearance, each with all its values. */
    public Map<String, List<String>> headerMap() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : headers) {
            map.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue());
        }
        return map;
    }
}
