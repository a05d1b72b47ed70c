package com.leadqual.intake;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** Normalization, pragmatic validation and log redaction of email addresses (a lead's identity). */
public final class Emails {
    public static final int MAX_LENGTH = 254;
    public static final int MAX_LOCAL_LENGTH = 64;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final String LOCAL_SPECIALS = ".!#$%&'*+/=?^_`{|}~-";

    private Emails() {
    }

    /** Trims and lower-cases (Locale.ROOT). Returns null for null. */
    public static String normalize(String raw) {
        return raw == null ? null : raw.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Empty when {@code normalized} is an acceptable address, else a message (never containing the address).
     * Pragmatic RFC 5321 subset: dot-atom ASCII local part, DNS host name domain with an alphabetic or
     * punycode TLD; no quoted local parts, no IP-address literals, no unicode (use punycode for domains).
     */
    public static Optional<String> problem(String normalized) {
        if (normalized == null || normalized.isEmpty()) {
            return Optional.of("is required");
        }
        if (!normalized.equals(normalize(normalized))) {
            return Optional.of("must be normalized (trimmed, lower case)");
        }
        if (normalized.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        if (normalized.indexOf('"') >= 0) {
            return Optional.of("quoted local parts are not supported");
        }
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                return Optional.of("must not contain whitespace or control characters");
            }
        }
        int at = normalized.indexOf('@');
        if (at < 0 || normalized.indexOf('@', at + 1) >= 0) {
            return Optional.of("must contain exactly one '@'");
        }
        String local = normalized.substring(0, at);
        String domain = normalized.substring(at + 1);
        Optional<String> localProblem = localProblem(local);
        return localProblem.isPresent() ? localProblem : domainProblem(domain);
    }

    private static Optional<String> localProblem(String local) {
        if (local.isEmpty()) {
            return Optional.of("is missing the part before '@'");
        }
        if (local.length() > MAX_LOCAL_LENGTH) {
            return Optional.of("has a part before '@' longer than " + MAX_LOCAL_LENGTH + " characters");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c > 0x7f) {
                return Optional.of("must have an ASCII part before '@'");
            }
            if (!isAsciiLetterOrDigit(c) && LOCAL_SPECIALS.indexOf(c) < 0) {
                return Optional.of("has a character that is not allowed before '@'");
            }
        }
        if (local.startsWith(".") || local.endsWith(".")) {
            return Optional.of("must not start or end the part before '@' with a dot");
        }
        if (local.contains("..")) {
            return Optional.of("must not contain consecutive dots");
        }
        return Optional.empty();
    }

    private static Optional<String> domainProblem(String domain) {
        if (domain.isEmpty()) {
            return Optional.of("is missing the domain after '@'");
        }
        if (domain.startsWith("[")) {
            return Optional.of("IP-address literals are not accepted as a domain");
        }
        for (int i = 0; i < domain.length(); i++) {
            if (domain.charAt(i) > 0x7f) {
                return Optional.of("has a unicode domain: give internationalized domains in punycode (xn--...)");
            }
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.of("must have a domain with at least two labels (like example.com)");
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                return Optional.of("has an empty domain label (leading, trailing or consecutive dots)");
            }
            if (label.length() > MAX_LABEL_LENGTH) {
                return Optional.of("has a domain label longer than " + MAX_LABEL_LENGTH + " characters");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
                    return Optional.of("has a domain character that is not allowed (only a-z, 0-9 and '-')");
                }
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return Optional.of("has a domain label starting or ending with '-'");
            }
        }
        String tld = labels[labels.length - 1];
        boolean alphabetic = tld.length() >= 2 && tld.chars().allMatch(c -> c >= 'a' && c <= 'z');
        if (!alphabetic && !(tld.startsWith("xn--") && tld.length() > 4)) {
            return Optional.of("must end in an alphabetic top-level domain of 2+ letters or a punycode one");
        }
        return Optional.empty();
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /**
     * For logs: {@code "lead#"} followed by the first 12 hex characters of the SHA-256 of the address, so log
     * lines about one lead can be correlated without ever containing the address or a guessable part of it.
     */
    public static String redact(String normalized) {
        if (normalized == null) {
            return "lead#none";
        }
        return "lead#" + Hashing.sha256Hex(normalized.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }
}
