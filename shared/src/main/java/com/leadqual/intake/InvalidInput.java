package com.leadqual.intake;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Bad input. Carries the HTTP status the handler must answer (400, 401, 403, 413 or 415) and every field
 * error found. Messages never contain submitted values (no emails, no bodies), so they are safe to log.
 */
public final class InvalidInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final List<FieldError> errors;
    private final boolean honeypotTripped;

    private InvalidInput(int status, List<FieldError> errors, boolean honeypotTripped) {
        super(status + " " + reason(status) + ": "
                + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")), null, false, false);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInput needs at least one error");
        }
        this.status = status;
        this.errors = List.copyOf(errors);
        this.honeypotTripped = honeypotTripped;
    }

    public static InvalidInput badRequest(List<FieldError> errors) {
        return new InvalidInput(400, errors, false);
    }

    /** A 400 for a form whose honeypot was filled in: the handler must still answer 202 (bots get no signal). */
    static InvalidInput badRequest(List<FieldError> errors, boolean honeypotTripped) {
        return new InvalidInput(400, errors, honeypotTripped);
    }

    public static InvalidInput badRequest(String field, String problem) {
        return badRequest(List.of(new FieldError(field, problem)));
    }

    public static InvalidInput unauthorized(String field, String problem) {
        return new InvalidInput(401, List.of(new FieldError(field, problem)), false);
    }

    public static InvalidInput forbidden(String field, String problem) {
        return new InvalidInput(403, List.of(new FieldError(field, problem)), false);
    }

    public static InvalidInput payloadTooLarge(int maxBytes) {
        return new InvalidInput(413, List.of(new FieldError("body", "is larger than " + maxBytes + " bytes")), false);
    }

    public static InvalidInput unsupportedMediaType(String problem) {
        return new InvalidInput(415, List.of(new FieldError("Content-Type", problem)), false);
    }

    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /**
     * True when a form submission failed validation but its honeypot field was filled in. The handler must
     * then answer 202 and store nothing, exactly as for a valid bot submission, so bots get no signal.
     */
    public boolean honeypotTripped() {
        return honeypotTripped;
    }

    private static String reason(int status) {
        switch (status) {
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 413: return "Payload Too Large";
            case 415: return "Unsupported Media Type";
            default: throw new IllegalArgumentException("unexpected status " + status);
        }
    }
}
