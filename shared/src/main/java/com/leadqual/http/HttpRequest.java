package com.leadqual.http;

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
        byte[] body,
        String sourceIp,
        String requestId,
        Instant receivedAt,
        PayloadVersion version) {

    public enum PayloadVersion { V1, V2 }

    public String header(String name) {
        return headers.get(name);
    }
}
