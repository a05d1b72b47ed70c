package com.leadqual.intake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Deterministic event ids, so that a retried delivery maps to the same event item and is stored once.
 *
 * <p>An id is the first 32 lower-hex characters (128 bits) of SHA-256 over a namespace and parts, each
 * encoded as a 4-byte big-endian length followed by its UTF-8 bytes (null as length -1). Length prefixes make
 * the encoding injective: ("ab","c") and ("a","bc") differ, and ids from different namespaces never collide
 * by construction of the input.
 */
public final class EventIds {
    public static final String FORM_KEY = "form-key";
    public static final String FORM_SUBMISSION = "form-submission";
    public static final String FORM_CONTENT = "form-content";
    public static final String WEBINAR = "webinar";
    public static final String WEBINAR_CONTENT = "webinar-content";
    public static final String ZOOM = "zoom";

    private EventIds() {
    }

    /** The id of {@code parts} in {@code namespace}. */
    public static String of(String namespace, String... parts) {
        return of(namespace, Arrays.asList(parts));
    }

    /** The id of {@code parts} (nulls allowed) in {@code namespace}. */
    public static String of(String namespace, List<String> parts) {
        Objects.requireNonNull(namespace, "namespace");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, namespace);
        for (String part : parts) {
            write(out, part);
        }
        return Hashing.sha256Hex(out.toByteArray()).substring(0, 32);
    }

    private static void write(ByteArrayOutputStream out, String s) {
        if (s == null) {
            writeInt(out, -1);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeInt(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    /**
     * A form submission's id: the Idempotency-Key header when given, else the form's submissionId, else the
     * canonical content (email and every stored field, sorted by name) plus the UTC date of occurredAt, so a
     * browser retry the same day is a duplicate while the same form sent next week is a new event.
     */
    public static String forForm(String idempotencyKey, String submissionId, String email,
            Map<String, String> data, Instant occurredAt) {
        if (idempotencyKey != null) {
            return of(FORM_KEY, idempotencyKey);
        }
        if (submissionId != null) {
            return of(FORM_SUBMISSION, submissionId);
        }
        List<String> parts = new ArrayList<>();
        parts.add(occurredAt.atOffset(ZoneOffset.UTC).toLocalDate().toString());
        parts.add("email");
        parts.add(email);
        canonical(data, parts);
        return of(FORM_CONTENT, parts);
    }

    /**
     * A generic webinar event's id: the provider's event id when given, else the canonical content (type,
     * email, sorted fields, and occurredAt only when the sender gave it, so retries without it still collide).
     */
    public static String forWebinar(String providerEventId, String type, String email, Map<String, String> data,
            Instant explicitOccurredAt) {
        if (providerEventId != null) {
            return of(WEBINAR, providerEventId);
        }
        List<String> parts = new ArrayList<>();
        parts.add(type);
        parts.add(email);
        parts.add(explicitOccurredAt == null ? null : explicitOccurredAt.toString());
        canonical(data, parts);
        return of(WEBINAR_CONTENT, parts);
    }

    /**
     * A Zoom event's id: event name, the webinar (uuid or id), who (participant_uuid, registrant id or email)
     * and event_ts.
     */
    public static String forZoom(String event, String webinar, String who, long eventTs) {
        return of(ZOOM, event, webinar, who, Long.toString(eventTs));
    }

    private static void canonical(Map<String, String> data, List<String> parts) {
        new TreeMap<>(data).forEach((k, v) -> {
            parts.add(k);
            parts.add(v);
        });
    }
}
