package com.leadqual.scoring;

import java.util.List;
import java.util.Set;

/** Names of the string fields an event carries: profile fields, consent and event parameters. */
public final class EventFields {
    public static final String FIRST_NAME = "firstName";
    public static final String LAST_NAME = "lastName";
    public static final String COMPANY = "company";
    public static final String JOB_TITLE = "jobTitle";
    /** Number of employees, as a decimal integer. */
    public static final String COMPANY_SIZE = "companySize";
    public static final String INDUSTRY = "industry";
    /** ISO 3166-1 alpha-2, upper case. */
    public static final String COUNTRY = "country";
    public static final String PHONE = "phone";
    /** "true" or "false": whether the lead opted in to be contacted. */
    public static final String CONSENT = "consent";

    /** One of {@link FormTypes}. */
    public static final String FORM_TYPE = "formType";
    public static final String WEBINAR_ID = "webinarId";
    public static final String WEBINAR_TITLE = "webinarTitle";
    /** Whole minutes attended, as a decimal integer. */
    public static final String MINUTES = "minutes";
    public static final String REASON = "reason";
    /** Where the event came from: "form", "webinar" or "zoom". */
    public static final String SOURCE = "source";
    public static final String PAGE_URL = "pageUrl";
    public static final String UTM_SOURCE = "utmSource";
    public static final String UTM_CAMPAIGN = "utmCampaign";

    /** The fields merged into the lead's profile: the latest non-empty value of each wins. */
    public static final List<String> PROFILE = List.of(FIRST_NAME, LAST_NAME, COMPANY, JOB_TITLE, COMPANY_SIZE,
            INDUSTRY, COUNTRY, PHONE);

    /** The kinds of website form. */
    public static final class FormTypes {
        public static final String DEMO_REQUEST = "demo_request";
        public static final String CONTACT_SALES = "contact_sales";
        public static final String CONTENT_DOWNLOAD = "content_download";
        public static final String NEWSLETTER = "newsletter";
        public static final String TRIAL_SIGNUP = "trial_signup";
        public static final String PRICING_INQUIRY = "pricing_inquiry";

        public static final Set<String> ALL = Set.of(DEMO_REQUEST, CONTACT_SALES, CONTENT_DOWNLOAD, NEWSLETTER,
                TRIAL_SIGNUP, PRICING_INQUIRY);

        private FormTypes() {
        }
    }

    private EventFields() {
    }
}
