package com.leadqual.intake;

import java.util.Map;
import java.util.Optional;

/** Reads named fields out of raw string values, collecting every problem into {@link Errors}. */
final class FieldReader {
    private final Map<String, String> raw;
    private final Errors errors;

    FieldReader(Map<String, String> raw, Errors errors) {
        this.raw = raw;
        this.errors = errors;
    }

    Errors errors() {
        return errors;
    }

    /** The cleaned value, or null when absent, empty, or already in error. */
    String get(String name) {
        if (errors.has(name)) {
            return null;
        }
        try {
            return Rules.clean(raw.get(name));
        } catch (Rules.Problem p) {
            errors.add(name, p.getMessage());
            return null;
        }
    }

    /** The normalized value under {@code rule}, or null when absent or invalid (the problem recorded). */
    String optional(String name, Rules.Rule rule) {
        String v = get(name);
        return v == null ? null : apply(name, v, rule);
    }

    /** Like {@link #optional} but records "is required" when the field is absent or empty. */
    String required(String name, Rules.Rule rule) {
        String v = get(name);
        if (v == null) {
            if (!errors.has(name)) {
                errors.add(name, "is required");
            }
            return null;
        }
        return apply(name, v, rule);
    }

    private String apply(String name, String v, Rules.Rule rule) {
        try {
            return rule.apply(v);
        } catch (Rules.Problem p) {
            errors.add(name, p.getMessage());
            return null;
        }
    }

    /** The normalized email (required): trimmed, lower-cased and checked by {@link Emails#problem}. */
    String email(String name) {
        return required(name, v -> {
            String normalized = Emails.normalize(v);
            Optional<String> problem = Emails.problem(normalized);
            if (problem.isPresent()) {
                throw new Rules.Problem(problem.get());
            }
            return normalized;
        });
    }

    /** Copies each present, valid field to {@code out}, recording problems for invalid ones. */
    void copyOptional(Map<String, Rules.Rule> rules, Map<String, String> out) {
        rules.forEach((name, rule) -> {
            String v = optional(name, rule);
            if (v != null) {
                out.put(name, v);
            }
        });
    }
}
