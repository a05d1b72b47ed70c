package com.leadqual.intake;

import com.leadqual.scoring.EventFields;
import com.leadqual.scoring.EventTypes;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an ingest route accepted, ready to be stored as one event item.
 *
 * @param email      normalized (see {@link Emails})
 * @param eventId    32 lower-hex characters, deterministic (see {@link EventIds})
 * @param type       one of {@link EventTypes}
 * @param occurredAt when it happened
 * @param data       {@link EventFields} keys only, no null or blank values; unmodifiable, sorted by key
 */
public record AcceptedEvent(String email, String eventId, String type, Instant occurredAt, Map<String, String> data) {

    /** The {@link EventFields} keys an event may carry. */
    public static final Set<String> DATA_KEYS = Set.of(EventFields.FIRST_NAME, EventFields.LAST_NAME,
            EventFields.COMPANY, EventFields.JOB_TITLE, EventFields.COMPANY_SIZE, EventFields.INDUSTRY,
            EventFields.COUNTRY, EventFields.PHONE, EventFields.CONSENT, EventFields.FORM_TYPE,
            EventFields.WEBINAR_ID, EventFields.WEBINAR_TITLE, EventFields.MINUTES, EventFields.REASON,
            EventFields.SOURCE, EventFields.PAGE_URL, EventFields.UTM_SOURCE, EventFields.UTM_CAMPAIGN);

    private static final Pattern EVENT_ID = Pattern.compile("[0-9a-f]{32}");

    public AcceptedEvent {
        Objects.requireNonNull(email, "email");
        if (Emails.problem(email).isPresent()) {
            throw new IllegalArgumentException("email is not a valid normalized address");
        }
        if (eventId == null || !EVENT_ID.matcher(eventId).matches()) {
            throw new IllegalArgumentException("eventId must be 32 lower-case hex characters");
        }
        if (!EventTypes.ALL.contains(type)) {
            throw new IllegalArgumentException("unknown event type " + type);
        }
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(data, "data");
        TreeMap<String, String> copy = new TreeMap<>();
        data.forEach((k, v) -> {
            if (!DATA_KEYS.contains(k)) {
                throw new IllegalArgumentException("not an event field: " + k);
            }
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("blank value for " + k);
            }
            copy.put(k, v);
        });
        data = Collections.unmodifiableMap(copy);
    }

    /** Redacts the email: records end up in logs. */
    @Override
    public String toString() {
        return "AcceptedEvent[email=" + Emails.redact(email) + ", eventId=" + eventId + ", type=" + type
                + ", occurredAt=" + occurredAt + ", data=" + data.keySet() + "]";
    }
}
