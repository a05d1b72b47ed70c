package com.leadqual.intake;

import com.leadqual.scoring.EventFields;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Parses website form submissions: a flat JSON object or an application/x-www-form-urlencoded body, UTF-8.
 *
 * <p>Fields: {@code email} and {@code formType} (required); the profile fields firstName, lastName, company,
 * jobTitle, companySize, industry, country, phone; consent; pageUrl, utmSource, utmCampaign (all optional,
 * stored); submissionId and redirect (optional, not stored); and the honeypot {@code website}. Unknown fields
 * are ignored and not stored: marketing forms grow fields, and a new input on a landing page must not break
 * lead capture. Strings are trimmed, control characters rejected, empty strings count as absent. Every field
 * problem is reported at once.
 */
public final class FormSubmissions {
    public static final int MAX_BODY_BYTES = 16 * 1024;
    /** The honeypot: a field hidden from humans by CSS. Anything in it means a bot filled the form. */
    public static final String HONEYPOT = "website";
    public static final String EMAIL = "email";
    public static final String SUBMISSION_ID = "submissionId";
    public static final String REDIRECT = "redirect";

    static final Set<String> KNOWN_FIELDS;

    static {
        Set<String> known = new HashSet<>(Rules.PROFILE.keySet());
        known.addAll(Set.of(EMAIL, EventFields.FORM_TYPE, EventFields.CONSENT, EventFields.PAGE_URL,
                EventFields.UTM_SOURCE, EventFields.UTM_CAMPAIGN, SUBMISSION_ID, REDIRECT, HONEYPOT));
        KNOWN_FIELDS = Set.copyOf(known);
    }

    private FormSubmissions() {
    }

    /**
     * @param contentType the raw Content-Type header (may carry "; charset=utf-8")
     * @param body        the raw bytes, already base64-decoded by the caller
     * @throws InvalidInput 415 for other content types or charsets, 413 over {@link #MAX_BODY_BYTES}, 400 with
     *                      all field errors (with {@link InvalidInput#honeypotTripped()} set for bots)
     */
    public static FormSubmission parse(String contentType, byte[] body) {
        String type = Bodies.mediaType(contentType, Set.of(Bodies.JSON, Bodies.FORM));
        byte[] bytes = Bodies.checkSize(body, MAX_BODY_BYTES);
        Errors errors = new Errors();
        boolean urlencoded = type.equals(Bodies.FORM);
        Map<String, String> raw = urlencoded
                ? Bodies.readUrlEncoded(bytes, KNOWN_FIELDS, errors)
                : Bodies.readFlatJsonObject(bytes, errors);
        // Tripped by anything non-blank, or by a honeypot so odd it could not be read (repeated, nested,
        // badly escaped): humans never see the field. Its value is never validated.
        String honeypotValue = raw.get(HONEYPOT);
        boolean honeypot = honeypotValue != null && !honeypotValue.isBlank() || errors.has(HONEYPOT);

        FieldReader r = new FieldReader(raw, errors);
        String email = r.email(EMAIL);
        String formType = r.required(EventFields.FORM_TYPE, Rules::formType);
        Map<String, String> data = new LinkedHashMap<>();
        r.copyOptional(Rules.PROFILE, data);
        String consent = r.optional(EventFields.CONSENT, Rules::consent);
        if (consent != null) {
            data.put(EventFields.CONSENT, consent);
        } else if (urlencoded && !errors.has(EventFields.CONSENT)) {
            // An unchecked HTML checkbox is simply not sent.
            data.put(EventFields.CONSENT, "false");
        }
        Map<String, Rules.Rule> tracking = new LinkedHashMap<>();
        tracking.put(EventFields.PAGE_URL, Rules::httpUrl);
        tracking.put(EventFields.UTM_SOURCE, Rules.maxLength(100));
        tracking.put(EventFields.UTM_CAMPAIGN, Rules.maxLength(100));
        r.copyOptional(tracking, data);
        String submissionId = r.optional(SUBMISSION_ID, Rules::submissionId);
        String redirect = r.optional(REDIRECT, Rules::redirect);

        if (!errors.isEmpty()) {
            throw InvalidInput.badRequest(errors.list(), honeypot);
        }
        return new FormSubmission(email, formType, data, honeypot, submissionId, redirect);
    }
}
