package com.leadqual.functions.leads;

import com.leadqual.http.HttpRequest;
import com.leadqual.intake.Emails;
import com.leadqual.intake.InvalidInput;
import java.util.Optional;

/** The {email} of /leads/{email}: decoded, then normalized and validated exactly as ingest does. */
final class LeadPath {
    static final String EMAIL = "email";

    private LeadPath() {
    }

    /** @throws InvalidInput (400) naming the problem, never the address */
    static String email(HttpRequest request) {
        String raw = request.pathParameter(EMAIL);
        if (raw == null || raw.isBlank()) {
            throw InvalidInput.badRequest(EMAIL, "is required in the path: /leads/{email}");
        }
        String email = Emails.normalize(raw);
        Optional<String> problem = Emails.problem(email);
        if (problem.isPresent()) {
            throw InvalidInput.badRequest(EMAIL, problem.get());
        }
        return email;
    }
}
