package com.leadqual.scoring;

import java.util.Set;

/** The event types a lead's history is made of: the vocabulary shared by ingest, storage and scoring. */
public final class EventTypes {
    /** A website form was submitted; {@link EventFields#FORM_TYPE} says which kind. */
    public static final String FORM_SUBMITTED = "form_submitted";
    public static final String WEBINAR_REGISTERED = "webinar_registered";
    /** Attendance reported as a whole by the provider, with {@link EventFields#MINUTES}. */
    public static final String WEBINAR_ATTENDED = "webinar_attended";
    /** Live join and leave signals (Zoom); scoring pairs them per webinar into attended minutes. */
    public static final String WEBINAR_JOINED = "webinar_joined";
    public static final String WEBINAR_LEFT = "webinar_left";
    public static final String WEBINAR_NO_SHOW = "webinar_no_show";
    public static final String WEBINAR_QUESTION_ASKED = "webinar_question_asked";
    public static final String UNSUBSCRIBED = "unsubscribed";
    public static final String EMAIL_BOUNCED = "email_bounced";
    /** Sales marked the lead as not a prospect; {@link EventFields#REASON} says why. */
    public static final String DISQUALIFIED = "disqualified";

    public static final Set<String> ALL = Set.of(FORM_SUBMITTED, WEBINAR_REGISTERED, WEBINAR_ATTENDED,
            WEBINAR_JOINED, WEBINAR_LEFT, WEBINAR_NO_SHOW, WEBINAR_QUESTION_ASKED, UNSUBSCRIBED, EMAIL_BOUNCED,
            DISQUALIFIED);

    /** Codes for {@link #code}, so scoring compares each event's type once. */
    static final int FORM_SUBMITTED_CODE = 0, WEBINAR_REGISTERED_CODE = 1, WEBINAR_ATTENDED_CODE = 2,
            WEBINAR_JOINED_CODE = 3, WEBINAR_LEFT_CODE = 4, WEBINAR_NO_SHOW_CODE = 5, WEBINAR_QUESTION_ASKED_CODE = 6,
            UNSUBSCRIBED_CODE = 7, EMAIL_BOUNCED_CODE = 8, DISQUALIFIED_CODE = 9, CODES = 10, UNKNOWN_CODE = -1;

    /** The type's code, {@link #UNKNOWN_CODE} for a type not in {@link #ALL}. */
    static int code(String type) {
        switch (type) {
            case FORM_SUBMITTED:
                return FORM_SUBMITTED_CODE;
            case WEBINAR_REGISTERED:
                return WEBINAR_REGISTERED_CODE;
            case WEBINAR_ATTENDED:
                return WEBINAR_ATTENDED_CODE;
            case WEBINAR_JOINED:
                return WEBINAR_JOINED_CODE;
            case WEBINAR_LEFT:
                return WEBINAR_LEFT_CODE;
            case WEBINAR_NO_SHOW:
                return WEBINAR_NO_SHOW_CODE;
            case WEBINAR_QUESTION_ASKED:
                return WEBINAR_QUESTION_ASKED_CODE;
            case UNSUBSCRIBED:
                return UNSUBSCRIBED_CODE;
            case EMAIL_BOUNCED:
                return EMAIL_BOUNCED_CODE;
            case DISQUALIFIED:
                return DISQUALIFIED_CODE;
            default:
                return UNKNOWN_CODE;
        }
    }

    private EventTypes() {
    }
}
