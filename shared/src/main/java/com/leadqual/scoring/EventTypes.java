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

    private EventTypes() {
    }
}
