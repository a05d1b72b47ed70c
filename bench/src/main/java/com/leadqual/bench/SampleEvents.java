package com.leadqual.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sample events of events/ (the exact shapes AWS sends), varied where a benchmark needs a new event each
 * time: another lead or event id, the current time, and a Zoom signature made for the new body.
 */
final class SampleEvents {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FORM = "form-ingest-json.json";
    static final String WEBINAR = "webinar-ingest-generic.json";
    static final String ZOOM = "webinar-ingest-zoom.json";
    static final String RESCORE = "rescore-sqs-batch.json";
    static final String SCHEDULE = "schedule-rescore-due.json";

    private SampleEvents() {
    }

    static ObjectNode sample(String file) {
        try {
            return (ObjectNode) JSON.readTree(Files.readString(Repo.events().resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String file) {
        return sample(file).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The JSON form sample from {@code email}, received now, optionally with an Idempotency-Key. */
    static byte[] form(String email, String formType, String idempotencyKey, Instant now) {
        ObjectNode event = sample(FORM);
        ObjectNode body = (ObjectNode) read(event.path("body").asText());
        body.put("email", email);
        body.put("formType", formType);
        if (idempotencyKey != null) {
            ((ObjectNode) event.path("headers")).put("idempotency-key", idempotencyKey);
        }
        return withBody(event, body.toString(), now);
    }

    /** The generic webinar sample for {@code email}: {@code kind} is registered or attended. */
    static byte[] webinar(String email, String kind, String eventId, String webinarId, Instant now) {
        ObjectNode event = sample(WEBINAR);
        ObjectNode body = (ObjectNode) read(event.path("body").asText());
        body.put("email", email);
        body.put("event", kind);
        body.put("eventId", eventId);
        body.put("webinarId", webinarId);
        body.put("occurredAt", now.minusSeconds(600).toString());
        if (!kind.equals("attended")) {
            body.remove("minutes");
        }
        return withBody(event, body.toString(), now);
    }

    /** The Zoom participant_joined sample for {@code email}, sent now and signed with {@code secret}. */
    static byte[] zoom(String email, String secret, Instant now) {
        ObjectNode event = sample(ZOOM);
        ObjectNode body = (ObjectNode) read(event.path("body").asText());
        body.put("event_ts", now.toEpochMilli());
        ObjectNode participant = (ObjectNode) body.path("payload").path("object").path("participant");
        participant.put("email", email);
        participant.put("join_time", now.toString());
        String text = body.toString();
        String timestamp = Long.toString(now.getEpochSecond());
        ObjectNode headers = (ObjectNode) event.path("headers");
        headers.put("x-zm-request-timestamp", timestamp);
        headers.put("x-zm-signature", "v0=" + hmacSha256Hex(secret, "v0:" + timestamp + ":" + text));
        return withBody(event, text, now);
    }

    private static byte[] withBody(ObjectNode event, String body, Instant now) {
        event.put("body", body);
        event.put("isBase64Encoded", false);
        ((ObjectNode) event.path("headers")).put("content-length",
                Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        ((ObjectNode) event.path("requestContext")).put("timeEpoch", now.toEpochMilli());
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(byte[] json) {
        return read(new String(json, StandardCharsets.UTF_8));
    }

    private static String hmacSha256Hex(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
