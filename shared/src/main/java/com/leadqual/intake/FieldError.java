package com.leadqual.intake;

import java.util.Objects;

/**
 * One problem with one field. {@code field} is a JSON-pointer-ish name such as {@code "email"},
 * {@code "companySize"} or {@code "body"} for problems with the body as a whole. {@code problem} never
 * contains the submitted value, so errors can be logged and returned to clients safely.
 */
public record FieldError(String field, String problem) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
    }

    @Override
    public String toString() {
        return field + ": " + problem;
    }
}
