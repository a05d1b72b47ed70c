package com.leadqual.functions.leads;

import com.leadqual.http.HttpRequest;
import com.leadqual.http.HttpResponse;
import com.leadqual.http.Responses;
import com.leadqual.intake.Emails;
import com.leadqual.intake.InvalidInput;
import com.leadqual.ops.Telemetry;
import com.leadqual.store.LeadErasure;
import com.leadqual.store.StoreUnavailable;
import java.time.Clock;

/**
 * DELETE /leads/{email}: erases the lead's events and state and records the erasure under a hash of the email.
 * Idempotent: erasing again (or erasing an unknown lead) removes nothing and answers the same way.
 */
public final class LeadEraseRoute {
    private final LeadErasure erasure;
    private final Clock clock;

    public LeadEraseRoute(LeadErasure erasure, Clock clock) {
        this.erasure = erasure;
        this.clock = clock;
    }

    public HttpResponse handle(HttpRequest request, Telemetry telemetry) {
        if (!request.method().equals("DELETE")) {
            return Responses.error(405, "use DELETE").withHeader("allow", "DELETE");
        }
        String email;
        try {
            email = LeadPath.email(request);
        } catch (InvalidInput invalid) {
            telemetry.count("Rejected", "Reason", Responses.rejectionReason(invalid));
            telemetry.info("lead erasure rejected", "status", invalid.status());
            return Responses.invalid(invalid);
        }
        String lead = Emails.redact(email);
        LeadErasure.Result result;
        try {
            result = erasure.erase(email, clock.instant(), request.requestId());
        } catch (StoreUnavailable e) {
            // Whatever was deleted stays deleted; the caller repeats the request to finish.
            telemetry.count("StoreUnavailable");
            telemetry.error("lead erasure incomplete", "lead", lead, "error", String.valueOf(e.getCause()));
            return LeadResponses.unavailable();
        }
        telemetry.count("Erased");
        telemetry.info("lead erased", "lead", lead, "itemsRemoved", result.itemsRemoved());
        return LeadResponses.noStore(Responses.json(200, Responses.object()
                .put("erased", true)
                .put("leadId", lead)
                .put("itemsRemoved", result.itemsRemoved())
                .put("erasedAt", result.erasedAt().toString())
                .put("auditKey", result.leadHash())));
    }
}
