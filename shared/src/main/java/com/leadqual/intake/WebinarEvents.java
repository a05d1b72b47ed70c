package com.leadqual.intake;

import com.leadqual.scoring.EventFields;
import com.leadqual.scoring.EventTypes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Parses the documented generic webinar JSON of {@code POST /webinars} (see docs/WEBINARS.md): a flat JSON
 * object, UTF-8, at most 16 KiB, with the same strictness as forms. Unknown fields are ignored.
 */
public final class WebinarEvents {
    public static final int MAX_BODY_BYTES = FormSubmissions.MAX_BODY_BYTES;
    /** How far in the future occurredAt may be (clock skew between the sender and us). */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    public static final String EVENT = "event";
    public static final String OCCURRED_AT = "occurredAt";
    public static final String EVENT_ID = "eventId";

    /** The "event" values and the event types they map to. */
    public static final Map<String, String> EVENT_TYPES = Map.of(
            "registered", EventTypes.WEBINAR_REGISTERED,
            "attended", EventTypes.WEBINAR_ATTENDED,
            "no_show", EventTypes.WEBINAR_NO_SHOW,
            "question_asked", EventTypes.WEBINAR_QUESTION_ASKED);

    private WebinarEvents() {
    }

    /**
     * @param contentType the raw Content-Type header; only application/json (UTF-8) is accepted
     * @param body        the raw bytes
     * @param receivedAt  when API Gateway received the request: the default occurredAt and the reference for
     *                    its allowed range (at most 5 minutes ahead, at most one year back)
     * @throws InvalidInput 415, 413, or 400 with every field error
     */
    public static AcceptedEvent parse(String contentType, byte[] body, Instant receivedAt) {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Bodies.mediaType(contentType, Set.of(Bodies.JSON));
        byte[] bytes = Bodies.checkSize(body, MAX_BODY_BYTES);
        Errors errors = new Errors();
        Map<String, String> raw = Bodies.readFlatJsonObject(bytes, errors);
        FieldReader r = new FieldReader(raw, errors);

        String email = r.email(FormSubmissions.EMAIL);
        String type = r.required(EVENT, v -> {
            String t = EVENT_TYPES.get(v);
            if (t == null) {
                throw new Rules.Problem("must be one of attended, no_show, question_asked, registered");
            }
            return t;
        });
        Map<String, String> data = new LinkedHashMap<>();
        String webinarId = r.required(EventFields.WEBINAR_ID, Rules.maxLength(128));
        if (webinarId != null) {
            data.put(EventFields.WEBINAR_ID, webinarId);
        }
        String title = r.optional(EventFields.WEBINAR_TITLE, Rules.maxLength(200));
        if (title != null) {
            data.put(EventFields.WEBINAR_TITLE, title);
        }
        Instant explicitOccurredAt = occurredAt(r, receivedAt);
        minutes(r, type, data);
        String providerEventId = r.optional(EVENT_ID, Rules.maxLength(128));
        r.copyOptional(Rules.PROFILE, data);
        String consent = r.optional(EventFields.CONSENT, Rules::consent);
        if (consent != null) {
            data.put(EventFields.CONSENT, consent);
        }
        if (!errors.isEmpty()) {
            throw InvalidInput.badRequest(errors.list());
        }
        data.put(EventFields.SOURCE, "webinar");
        String eventId = EventIds.forWebinar(providerEventId, type, email, data, explicitOccurredAt);
        return new AcceptedEvent(email, eventId, type,
                explicitOccurredAt == null ? receivedAt : explicitOccurredAt, data);
    }

    private static Instant occurredAt(FieldReader r, Instant receivedAt) {
        String v = r.get(OCCURRED_AT);
        if (v == null) {
            return null;
        }
        try {
            Instant at = Rules.instant(v);
            if (at.isAfter(receivedAt.plus(MAX_FUTURE_SKEW))) {
                throw new Rules.Problem("must not be more than 5 minutes in the future");
            }
            if (at.isBefore(receivedAt.atOffset(ZoneOffset.UTC).minusYears(1).toInstant())) {
                throw new Rules.Problem("must not be more than one year in the past");
            }
            return at;
        } catch (Rules.Problem p) {
            r.errors().add(OCCURRED_AT, p.getMessage());
            return null;
        }
    }

    /** Required for attended, forbidden otherwise. */
    private static void minutes(FieldReader r, String type, Map<String, String> data) {
        if (EventTypes.WEBINAR_ATTENDED.equals(type)) {
            String minutes = r.required(EventFields.MINUTES, Rules::minutes);
            if (minutes != null) {
                data.put(EventFields.MINUTES, minutes);
            }
        } else if (type != null && r.get(EventFields.MINUTES) != null) {
            r.errors().add(EventFields.MINUTES, "is only allowed when event is attended");
        }
    }
}
