package com.leadqual.intake;

import com.leadqual.scoring.EventFields;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-field validation and normalization rules, shared by forms, the generic webinar JSON and Zoom. A rule
 * gets a cleaned value (no control characters, trimmed, non-empty) and returns the normalized value or throws
 * {@link Problem} with a message that never repeats the value.
 */
final class Rules {
    static final int MAX_URL_LENGTH = 2048;
    static final long MAX_COMPANY_SIZE = 10_000_000L;
    static final int MAX_MINUTES = 1440;

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Set<String> TRUE = Set.of("true", "on", "yes", "1");
    private static final Set<String> FALSE = Set.of("false", "off", "no", "0");
    private static final Pattern PHONE = Pattern.compile("[0-9 +\\-().]+");
    private static final Pattern SUBMISSION_ID = Pattern.compile("[A-Za-z0-9_-]{8,128}");
    /** 250, 1,000 or 1000: a whole number, optionally with thousands separators. */
    private static final String NUMBER = "(\\d{1,3}(?:,\\d{3})+|\\d{1,12})";
    private static final Pattern SIZE_EXACT = Pattern.compile(NUMBER);
    private static final Pattern SIZE_RANGE = Pattern.compile(NUMBER + "\\s*[-\u2013]\\s*" + NUMBER);
    private static final Pattern SIZE_OPEN = Pattern.compile(NUMBER + "\\s*\\+|(?i:more than|over)\\s+" + NUMBER);

    private Rules() {
    }

    /** A problem with one value; the message says what is wrong without repeating the value. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }

    @FunctionalInterface
    interface Rule {
        String apply(String cleaned) throws Problem;
    }

    static Rule maxLength(int max) {
        return v -> {
            if (v.codePointCount(0, v.length()) > max) {
                throw new Problem("is longer than " + max + " characters");
            }
            return v;
        };
    }

    /** The optional profile fields and their rules, in report order. */
    static final Map<String, Rule> PROFILE;

    static {
        Map<String, Rule> m = new LinkedHashMap<>();
        m.put(EventFields.FIRST_NAME, maxLength(100));
        m.put(EventFields.LAST_NAME, maxLength(100));
        m.put(EventFields.COMPANY, maxLength(200));
        m.put(EventFields.JOB_TITLE, maxLength(128));
        m.put(EventFields.COMPANY_SIZE, Rules::companySize);
        m.put(EventFields.INDUSTRY, v -> maxLength(100).apply(v).toLowerCase(Locale.ROOT));
        m.put(EventFields.COUNTRY, Rules::country);
        m.put(EventFields.PHONE, Rules::phone);
        PROFILE = java.util.Collections.unmodifiableMap(m);
    }

    /**
     * Number of employees between 1 and 10,000,000. Also takes what size pickers send: a range like
     * "51-200" or "1,001-5,000" (its lower bound), or an open range like "10000+" or "More than 10,000"
     * (its bound).
     */
    static String companySize(String v) throws Problem {
        String lower;
        Matcher m;
        if (SIZE_EXACT.matcher(v).matches()) {
            lower = v;
        } else if ((m = SIZE_RANGE.matcher(v)).matches()) {
            lower = m.group(1);
            if (number(m.group(2)) < number(lower)) {
                throw new Problem("is a range whose upper bound is below its lower bound");
            }
        } else if ((m = SIZE_OPEN.matcher(v)).matches()) {
            lower = m.group(1) != null ? m.group(1) : m.group(2);
        } else {
            throw new Problem("must be a whole number of employees or a range like 51-200 or 10000+");
        }
        long n = number(lower);
        if (n < 1 || n > MAX_COMPANY_SIZE) {
            throw new Problem("must be between 1 and 10,000,000");
        }
        return Long.toString(n);
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    static String country(String v) throws Problem {
        String upper = v.toUpperCase(Locale.ROOT);
        if (upper.length() != 2 || !COUNTRIES.contains(upper)) {
            throw new Problem("must be an ISO 3166-1 alpha-2 country code like US or DE");
        }
        return upper;
    }

    static String phone(String v) throws Problem {
        if (v.length() > 32) {
            throw new Problem("is longer than 32 characters");
        }
        if (!PHONE.matcher(v).matches()) {
            throw new Problem("may only contain digits, spaces and + - ( ) .");
        }
        if (v.chars().noneMatch(c -> c >= '0' && c <= '9')) {
            throw new Problem("must contain digits");
        }
        return v;
    }

    /** "true"/"false", also the values HTML checkboxes and selects send: on/off, yes/no, 1/0. */
    static String consent(String v) throws Problem {
        String lower = v.toLowerCase(Locale.ROOT);
        if (TRUE.contains(lower)) {
            return "true";
        }
        if (FALSE.contains(lower)) {
            return "false";
        }
        throw new Problem("must be true or false");
    }

    static String formType(String v) throws Problem {
        String lower = v.toLowerCase(Locale.ROOT);
        if (!EventFields.FormTypes.ALL.contains(lower)) {
            throw new Problem("must be one of " + String.join(", ", EventFields.FormTypes.ALL.stream().sorted().toList()));
        }
        return lower;
    }

    /** An absolute http or https URL with a host and no user info, at most 2048 characters. */
    static String httpUrl(String v) throws Problem {
        if (v.length() > MAX_URL_LENGTH) {
            throw new Problem("is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new Problem("must be a valid absolute http or https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Problem("must be an absolute http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Problem("must be an absolute http or https URL with a host name");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Problem("must not contain user info");
        }
        return v;
    }

    /**
     * Where a plain HTML form sends the browser afterwards: an absolute http or https URL, or a path on the posting
     * page's own site (the handler resolves it against the request's Origin), so one static page works wherever it
     * is served. Never "//host" or a backslash, which browsers read as another site.
     */
    static String redirect(String v) throws Problem {
        if (!v.startsWith("/")) {
            return httpUrl(v);
        }
        if (v.length() > MAX_URL_LENGTH) {
            throw new Problem("is longer than " + MAX_URL_LENGTH + " characters");
        }
        if (v.startsWith("//") || v.indexOf('\\') >= 0) {
            throw new Problem("must be an absolute http or https URL or a path starting with a single /");
        }
        try {
            new URI(v);
        } catch (URISyntaxException e) {
            throw new Problem("must be a valid path or absolute http or https URL");
        }
        return v;
    }

    static String submissionId(String v) throws Problem {
        if (!SUBMISSION_ID.matcher(v).matches()) {
            throw new Problem("must be 8 to 128 characters of A-Z, a-z, 0-9, '_' and '-'");
        }
        return v;
    }

    static String minutes(String v) throws Problem {
        if (!v.matches("\\d{1,9}") || Integer.parseInt(v) > MAX_MINUTES) {
            throw new Problem("must be a whole number of minutes between 0 and " + MAX_MINUTES);
        }
        return Integer.toString(Integer.parseInt(v));
    }

    /** An ISO-8601 instant: 2025-03-01T10:15:30Z, or with an offset like +01:00. */
    static Instant instant(String v) throws Problem {
        try {
            return OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            throw new Problem("must be an ISO-8601 date-time with a zone offset, like 2025-03-01T10:15:30Z");
        }
    }

    /**
     * The cleaned form of a raw value: null when absent or empty after trimming; a problem when it contains
     * control characters (anywhere, including before trimming) or broken UTF-16 (lone surrogates).
     */
    static String clean(String raw) throws Problem {
        if (raw == null) {
            return null;
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isISOControl(c)) {
                throw new Problem("must not contain control characters");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < raw.length()
                        && Character.isLowSurrogate(raw.charAt(i + 1));
                if (!paired) {
                    throw new Problem("contains an invalid unicode character");
                }
                i++;
            }
        }
        String stripped = raw.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
