package com.leadqual.intake;

import com.leadqual.scoring.EventFields;
import com.leadqual.scoring.EventTypes;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A validated website form submission.
 *
 * @param email           normalized
 * @param formType        one of {@link EventFields.FormTypes}
 * @param data            the validated optional fields, {@link EventFields} keys (profile fields, consent,
 *                        pageUrl, utmSource, utmCampaign); unmodifiable
 * @param honeypotTripped the hidden {@code website} field was filled in: a bot. Answer 202, store nothing.
 * @param submissionId    the form's own submission id, or null
 * @param redirect        where to send the browser afterwards: an absolute URL or a path on the posting page's
 *                        site (syntax checked only; the handler resolves a path against the Origin and checks
 *                        the result against its allow-list), or null
 */
public record FormSubmission(String email, String formType, Map<String, String> data, boolean honeypotTripped,
        String submissionId, String redirect) {

    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    public FormSubmission {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(formType, "formType");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(data, "data")));
    }

    /**
     * The event to store.
     *
     * @param idempotencyKey the Idempotency-Key header if any (nullable; blank counts as absent); 1 to 255
     *                       printable ASCII characters, else {@link InvalidInput} (400)
     * @param occurredAt     when API Gateway received the request
     */
    public AcceptedEvent toEvent(String idempotencyKey, Instant occurredAt) {
        Objects.requireNonNull(occurredAt, "occurredAt");
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey.strip();
        if (key != null && (key.length() > MAX_IDEMPOTENCY_KEY_LENGTH
                || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw InvalidInput.badRequest("Idempotency-Key",
                    "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " printable ASCII characters without spaces");
        }
        Map<String, String> eventData = new LinkedHashMap<>(data);
        eventData.put(EventFields.FORM_TYPE, formType);
        eventData.put(EventFields.SOURCE, "form");
        String eventId = EventIds.forForm(key, submissionId, email, eventData, occurredAt);
        return new AcceptedEvent(email, eventId, EventTypes.FORM_SUBMITTED, occurredAt, eventData);
    }

    /** Redacts the email: records end up in logs. */
    @Override
    public String toString() {
        return "FormSubmission[email=" + Emails.redact(email) + ", formType=" + formType + ", fields="
                + data.keySet() + ", honeypotTripped=" + honeypotTripped + ", submissionId=" + submissionId
                + ", redirect=" + (redirect != null) + "]";
    }
}
