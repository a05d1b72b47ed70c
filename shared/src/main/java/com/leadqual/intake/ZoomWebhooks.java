package com.leadqual.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.leadqual.scoring.EventFields;
import com.leadqual.scoring.EventTypes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;

/**
 * Verifies and parses Zoom webhook deliveries (see docs/WEBINARS.md).
 *
 * <p>Signature: {@code x-zm-signature: v0=<hex HMAC-SHA256(secret, "v0:" + x-zm-request-timestamp + ":" +
 * raw body)>}, compared in constant time over the raw bytes exactly as received (a re-serialized body does
 * not verify). The timestamp must be within the tolerance of now, which bounds replays.
 *
 * <p>Provider data is taken leniently where we cannot ask Zoom to fix it: optional profile values that fail
 * our rules are dropped (not stored) rather than rejecting the delivery; a registrant or participant without
 * a valid email is {@link ZoomOutcome.Ignored}. A body without the documented structure is a 400.
 */
public final class ZoomWebhooks {
    public static final String TIMESTAMP_HEADER = "x-zm-request-timestamp";
    public static final String SIGNATURE_HEADER = "x-zm-signature";
    /** Generous for Zoom's small JSON bodies, small enough to bound work. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    public static final String URL_VALIDATION = "endpoint.url_validation";
    public static final String REGISTRATION_CREATED = "webinar.registration_created";
    public static final String PARTICIPANT_JOINED = "webinar.participant_joined";
    public static final String PARTICIPANT_LEFT = "webinar.participant_left";

    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final Pattern SIGNATURE = Pattern.compile("v0=[0-9a-fA-F]{64}");
    private static final int MAX_PLAIN_TOKEN_LENGTH = 256;

    /** Zoom registrant field -> our profile field. */
    private static final Map<String, String> REGISTRANT_FIELDS = Map.of(
            "first_name", EventFields.FIRST_NAME,
            "last_name", EventFields.LAST_NAME,
            "org", EventFields.COMPANY,
            "job_title", EventFields.JOB_TITLE,
            "industry", EventFields.INDUSTRY,
            "country", EventFields.COUNTRY,
            "phone", EventFields.PHONE,
            "no_of_employees", EventFields.COMPANY_SIZE);

    private final byte[] secretToken;
    private final Duration tolerance;

    /**
     * @param secretToken the app's webhook Secret Token (copied; never logged)
     * @param tolerance   how far x-zm-request-timestamp may be from now (5 minutes is usual)
     */
    public ZoomWebhooks(byte[] secretToken, Duration tolerance) {
        Objects.requireNonNull(secretToken, "secretToken");
        if (secretToken.length == 0) {
            throw new IllegalArgumentException("the secret token must not be empty");
        }
        if (tolerance == null || tolerance.isNegative() || tolerance.isZero()) {
            throw new IllegalArgumentException("tolerance must be positive");
        }
        this.secretToken = secretToken.clone();
        this.tolerance = tolerance;
    }

    /**
     * @throws InvalidInput 401 when a header is missing or malformed, the timestamp is further than the
     *                      tolerance from {@code now}, or the signature does not match the raw body
     */
    public void verify(String timestampHeader, String signatureHeader, byte[] rawBody, Instant now) {
        Objects.requireNonNull(now, "now");
        if (timestampHeader == null || timestampHeader.isEmpty()) {
            throw InvalidInput.unauthorized(TIMESTAMP_HEADER, "is missing");
        }
        if (!TIMESTAMP.matcher(timestampHeader).matches()) {
            throw InvalidInput.unauthorized(TIMESTAMP_HEADER, "must be seconds since the epoch (digits only)");
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(timestampHeader));
        if (Duration.between(sent, now).abs().compareTo(tolerance) > 0) {
            throw InvalidInput.unauthorized(TIMESTAMP_HEADER, "is too far from the current time");
        }
        if (signatureHeader == null || signatureHeader.isEmpty()) {
            throw InvalidInput.unauthorized(SIGNATURE_HEADER, "is missing");
        }
        if (!SIGNATURE.matcher(signatureHeader).matches()) {
            throw InvalidInput.unauthorized(SIGNATURE_HEADER, "must be v0= followed by 64 hex digits");
        }
        byte[] given = Hashing.HEX.parseHex(signatureHeader.substring(3));
        Mac mac = Hashing.hmacSha256(secretToken);
        mac.update(("v0:" + timestampHeader + ":").getBytes(StandardCharsets.US_ASCII));
        mac.update(rawBody == null ? new byte[0] : rawBody);
        if (!MessageDigest.isEqual(mac.doFinal(), given)) {
            throw InvalidInput.unauthorized(SIGNATURE_HEADER, "does not match the request");
        }
    }

    /**
     * Parses a body that {@link #verify} accepted.
     *
     * @throws InvalidInput 413 over {@link #MAX_BODY_BYTES}, 400 when it is not the documented JSON
     */
    public ZoomOutcome handle(byte[] rawBody) {
        byte[] bytes = Bodies.checkSize(rawBody, MAX_BODY_BYTES);
        JsonNode root = Bodies.readTree(bytes);
        if (!root.isObject()) {
            throw InvalidInput.badRequest("body", "must be a JSON object");
        }
        String event = requiredText(root, "event", "event");
        JsonNode payload = requiredObject(root, "payload", "payload");
        if (event.equals(URL_VALIDATION)) {
            return urlValidation(payload);
        }
        JsonNode ts = root.get("event_ts");
        if (ts == null || !ts.isIntegralNumber() || !ts.canConvertToLong() || ts.asLong() < 0) {
            throw InvalidInput.badRequest("event_ts", "must be milliseconds since the epoch");
        }
        long eventTs = ts.asLong();
        switch (event) {
            case REGISTRATION_CREATED:
                return registration(payload, eventTs);
            case PARTICIPANT_JOINED:
                return participant(payload, event, EventTypes.WEBINAR_JOINED, "join_time", eventTs);
            case PARTICIPANT_LEFT:
                return participant(payload, event, EventTypes.WEBINAR_LEFT, "leave_time", eventTs);
            default:
                return new ZoomOutcome.Ignored("unsupported event type");
        }
    }

    private ZoomOutcome urlValidation(JsonNode payload) {
        String plainToken = requiredText(payload, "plainToken", "payload.plainToken");
        if (plainToken.length() > MAX_PLAIN_TOKEN_LENGTH || cleanOrNull(plainToken) == null) {
            throw InvalidInput.badRequest("payload.plainToken", "must be at most " + MAX_PLAIN_TOKEN_LENGTH
                    + " printable characters");
        }
        byte[] mac = Hashing.hmacSha256(secretToken).doFinal(plainToken.getBytes(StandardCharsets.UTF_8));
        return new ZoomOutcome.UrlValidation(plainToken, Hashing.HEX.formatHex(mac));
    }

    private static ZoomOutcome registration(JsonNode payload, long eventTs) {
        JsonNode object = requiredObject(payload, "object", "payload.object");
        JsonNode registrant = requiredObject(object, "registrant", "payload.object.registrant");
        Optional<String> email = email(registrant);
        if (email.isEmpty()) {
            return new ZoomOutcome.Ignored("registrant without a valid email");
        }
        Map<String, String> data = webinarData(object);
        REGISTRANT_FIELDS.forEach((zoomName, field) -> {
            String v = cleanOrNull(scalar(registrant, zoomName));
            if (v != null) {
                try {
                    data.put(field, Rules.PROFILE.get(field).apply(v));
                } catch (Rules.Problem dropped) {
                    // Zoom's data, not the lead's typo: keep the registration, drop the unusable value.
                }
            }
        });
        String who = firstNonNull(cleanOrNull(scalar(registrant, "id")), email.get());
        String eventId = EventIds.forZoom(REGISTRATION_CREATED, webinarKey(object), who, eventTs);
        return new ZoomOutcome.Accepted(new AcceptedEvent(email.get(), eventId, EventTypes.WEBINAR_REGISTERED,
                Instant.ofEpochMilli(eventTs), data));
    }

    private static ZoomOutcome participant(JsonNode payload, String event, String type, String timeField,
            long eventTs) {
        JsonNode object = requiredObject(payload, "object", "payload.object");
        JsonNode participant = requiredObject(object, "participant", "payload.object.participant");
        Optional<String> email = email(participant);
        if (email.isEmpty()) {
            return new ZoomOutcome.Ignored("participant without a valid email");
        }
        Instant occurredAt = Instant.ofEpochMilli(eventTs);
        String time = cleanOrNull(scalar(participant, timeField));
        if (time != null) {
            try {
                occurredAt = Rules.instant(time);
            } catch (Rules.Problem p) {
                throw InvalidInput.badRequest("payload.object.participant." + timeField, p.getMessage());
            }
        }
        Map<String, String> data = webinarData(object);
        String who = firstNonNull(cleanOrNull(scalar(participant, "participant_uuid")),
                firstNonNull(cleanOrNull(scalar(participant, "registrant_id")), email.get()));
        String eventId = EventIds.forZoom(event, webinarKey(object), who, eventTs);
        return new ZoomOutcome.Accepted(new AcceptedEvent(email.get(), eventId, type, occurredAt, data));
    }

    /** webinarId (payload.object.id, else uuid), webinarTitle (topic) and source. */
    private static Map<String, String> webinarData(JsonNode object) {
        String id = cleanOrNull(scalar(object, "id"));
        String uuid = cleanOrNull(scalar(object, "uuid"));
        String webinarId = firstNonNull(id, uuid);
        if (webinarId == null || webinarId.length() > 128) {
            throw InvalidInput.badRequest("payload.object.id", "must be the webinar id (at most 128 characters)");
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put(EventFields.WEBINAR_ID, webinarId);
        String topic = cleanOrNull(scalar(object, "topic"));
        if (topic != null && topic.codePointCount(0, topic.length()) <= 200) {
            data.put(EventFields.WEBINAR_TITLE, topic);
        }
        data.put(EventFields.SOURCE, "zoom");
        return data;
    }

    /** The webinar instance for event ids: uuid (one per occurrence) when given, else id. */
    private static String webinarKey(JsonNode object) {
        return firstNonNull(cleanOrNull(scalar(object, "uuid")), cleanOrNull(scalar(object, "id")));
    }

    private static Optional<String> email(JsonNode person) {
        String raw = cleanOrNull(scalar(person, "email"));
        String normalized = Emails.normalize(raw);
        return raw == null || Emails.problem(normalized).isPresent() ? Optional.empty() : Optional.of(normalized);
    }

    /** The text of a string or number member, else null. */
    private static String scalar(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v != null && (v.isTextual() || v.isNumber()) ? v.asText() : null;
    }

    private static String cleanOrNull(String raw) {
        try {
            return Rules.clean(raw);
        } catch (Rules.Problem p) {
            return null;
        }
    }

    private static String requiredText(JsonNode node, String name, String path) {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw InvalidInput.badRequest(path, "must be a non-empty string");
        }
        return v.asText();
    }

    private static JsonNode requiredObject(JsonNode node, String name, String path) {
        JsonNode v = node.get(name);
        if (v == null || !v.isObject()) {
            throw InvalidInput.badRequest(path, "must be an object");
        }
        return v;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
