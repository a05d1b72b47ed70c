package com.leadqual.http;

import com.leadqual.intake.InvalidInput;
import java.time.Instant;
import java.util.Map;

/**
 * An HTTP request as API Gateway delivered it, whichever payload version: header names lower-cased, body
 * already base64-decoded.
 */
public record HttpRequest(
        String method,
        String path,
        /** The route's path template as declared ("/webinars/zoom"), whatever the stage prefix of the path. */
        String route,
        Map<String, String> headers,
        /** Path parameters of the route as API Gateway passed them (see {@link #pathParameter}). */
        Map<String, String> pathParameters,
        byte[] body,
        String sourceIp,
        String requestId,
        Instant receivedAt,
        PayloadVersion version) {

    public enum PayloadVersion { V1, V2 }

    public String header(String name) {
        return headers.get(name);
    }

    /**
     * A path parameter, decoded: a REST API (v1) passes path parameters still percent-encoded
     * ({@code dana%40example.com}), an HTTP API (v2) passes them decoded.
     *
     * @return null when the route has no such parameter
     * @throws InvalidInput (400) when a v1 parameter is not valid percent-encoded UTF-8
     */
    public String pathParameter(String name) {
        String raw = pathParameters.get(name);
        if (raw == null || version == PayloadVersion.V2) {
            return raw;
        }
        try {
            return PercentDecoding.decode(raw);
        } catch (IllegalArgumentException e) {
            throw InvalidInput.badRequest(name, e.getMessage());
        }
    }
}
