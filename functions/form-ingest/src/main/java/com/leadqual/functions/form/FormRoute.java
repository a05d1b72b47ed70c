package com.leadqual.functions.form;

import com.leadqual.http.EventIntake;
import com.leadqual.http.HttpRequest;
import com.leadqual.http.HttpResponse;
import com.leadqual.http.Responses;
import com.leadqual.intake.AcceptedEvent;
import com.leadqual.intake.Emails;
import com.leadqual.intake.EventIds;
import com.leadqual.intake.FieldError;
import com.leadqual.intake.FormSubmission;
import com.leadqual.intake.FormSubmissions;
import com.leadqual.intake.InvalidInput;
import com.leadqual.ops.Telemetry;
import com.leadqual.store.LeadEventStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * The /forms route: CORS, validation, honeypot, idempotency, the one conditional write, and the answer a
 * JavaScript form (202 JSON) or a plain HTML form (303 to its thank-you page) expects.
 */
public final class FormRoute {
    private final EventIntake intake;
    private final AllowList origins;
    private final AllowList thankYouPages;
    private final Clock clock;

    public FormRoute(LeadEventStore store, AllowList origins, AllowList thankYouPages, Clock clock) {
        this.intake = new EventIntake(store);
        this.origins = origins;
        this.thankYouPages = thankYouPages;
        this.clock = clock;
    }

    public HttpResponse handle(HttpRequest request, Telemetry telemetry) {
        String origin = request.header("origin");
        // Browsers send Origin with every cross-site POST, JavaScript or plain form; servers may send none.
        if (origin != null && !origins.hasExactly(origin)) {
            telemetry.count("Rejected", "Reason", "forbidden-origin");
            telemetry.warn("form refused", "reason", "forbidden-origin");
            return Responses.error(403, "this origin may not post forms");
        }
        if (request.method().equals("OPTIONS")) {
            return preflight(origin);
        }
        if (!request.method().equals("POST")) {
            return cors(Responses.error(405, "use POST").withHeader("allow", "POST, OPTIONS"), origin);
        }
        try {
            return cors(submit(request, telemetry), origin);
        } catch (InvalidInput invalid) {
            if (invalid.honeypotTripped()) {
                // A bot that also sent junk: it still gets the answer a person gets, and learns nothing.
                telemetry.count("Dropped", "Reason", "honeypot");
                telemetry.info("form dropped", "reason", "honeypot");
                String decoy = EventIds.of("honeypot", new String(request.body(), StandardCharsets.UTF_8));
                return cors(accepted(null, "lead#" + decoy.substring(0, 12), decoy, false), origin);
            }
            String reason = Responses.rejectionReason(invalid);
            telemetry.count("Rejected", "Reason", reason);
            telemetry.info("form rejected", "reason", reason, "status", invalid.status(),
                    "fields", String.join(",", invalid.errors().stream().map(FieldError::field).toList()));
            return cors(Responses.invalid(invalid), origin);
        }
    }

    private HttpResponse submit(HttpRequest request, Telemetry telemetry) {
        FormSubmission submission = FormSubmissions.parse(request.header("content-type"), request.body());
        String redirect = thankYouPage(submission.redirect(), request.header("origin"));
        Instant receivedAt = request.receivedAt() != null ? request.receivedAt() : clock.instant();
        AcceptedEvent event = submission.toEvent(request.header("idempotency-key"), receivedAt);
        String lead = Emails.redact(event.email());
        if (submission.honeypotTripped()) {
            // Answer exactly as for a person, so a bot learns nothing; store nothing.
            telemetry.count("Dropped", "Reason", "honeypot");
            telemetry.info("form dropped", "reason", "honeypot", "lead", lead);
            return accepted(redirect, lead, event.eventId(), false);
        }
        EventIntake.Stored stored = intake.append(event, "form", telemetry);
        if (stored == EventIntake.Stored.UNAVAILABLE) {
            return Responses.unavailable();
        }
        return accepted(redirect, lead, event.eventId(), stored == EventIntake.Stored.DUPLICATE);
    }

    /**
     * The absolute thank-you page, or null for none. A path is on the posting page's site: the Origin the browser
     * sent with the form (already checked against the allowed origins), so a static page needs no absolute URL.
     */
    private String thankYouPage(String redirect, String origin) {
        if (redirect == null) {
            return null;
        }
        if (redirect.startsWith("/")) {
            if (origin == null) {
                throw InvalidInput.badRequest("redirect",
                        "is a path, which needs the posting page's Origin header; give an absolute URL");
            }
            redirect = origin + redirect;
        }
        if (!thankYouPages.hasPrefixOf(redirect)) {
            throw InvalidInput.badRequest("redirect", "is not an allowed thank-you page");
        }
        return redirect;
    }

    /** 303 to the thank-you page for a plain HTML form, else 202 with the ids a retry would repeat. */
    private static HttpResponse accepted(String redirect, String leadId, String eventId, boolean duplicate) {
        if (redirect != null) {
            return HttpResponse.empty(303).withHeader("location", redirect);
        }
        return Responses.json(202, Responses.object()
                .put("leadId", leadId)
                .put("eventId", eventId)
                .put("duplicate", duplicate));
    }

    private HttpResponse preflight(String origin) {
        if (origin == null) {
            return Responses.error(400, "a preflight request needs an Origin header");
        }
        return cors(HttpResponse.empty(204), origin)
                .withHeader("access-control-allow-methods", "POST, OPTIONS")
                .withHeader("access-control-allow-headers", "content-type, idempotency-key")
                .withHeader("access-control-max-age", "600");
    }

    private static HttpResponse cors(HttpResponse response, String allowedOrigin) {
        if (allowedOrigin == null) {
            return response;
        }
        return response.withHeader("access-control-allow-origin", allowedOrigin).withHeader("vary", "Origin");
    }
}
