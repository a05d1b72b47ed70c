package com.leadqual.functions.leads;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.http.HttpRequest;
import com.leadqual.http.HttpResponse;
import com.leadqual.http.Responses;
import com.leadqual.intake.Emails;
import com.leadqual.intake.InvalidInput;
import com.leadqual.ops.Telemetry;
import com.leadqual.scoring.StageChange;
import com.leadqual.store.LeadState;
import com.leadqual.store.LeadStateStore;
import com.leadqual.store.LeadTable;
import com.leadqual.store.StoreUnavailable;
import java.util.Optional;

/** GET /leads/{email}: the lead's qualification as last scored, with its reasons and stage history. */
public final class LeadReadRoute {
    private final LeadStateStore store;

    public LeadReadRoute(LeadStateStore store) {
        this.store = store;
    }

    public HttpResponse handle(HttpRequest request, Telemetry telemetry) {
        if (!request.method().equals("GET")) {
            return Responses.error(405, "use GET").withHeader("allow", "GET");
        }
        String email;
        try {
            email = LeadPath.email(request);
        } catch (InvalidInput invalid) {
            telemetry.count("Rejected", "Reason", Responses.rejectionReason(invalid));
            telemetry.info("lead read rejected", "status", invalid.status());
            return Responses.invalid(invalid);
        }
        String lead = Emails.redact(email);
        Optional<LeadState> state;
        try {
            state = store.current(LeadTable.leadKey(email));
        } catch (StoreUnavailable e) {
            telemetry.count("StoreUnavailable");
            telemetry.error("lead read failed", "lead", lead, "error", String.valueOf(e.getCause()));
            return LeadResponses.unavailable();
        }
        if (state.isEmpty()) {
            telemetry.count("NotFound");
            telemetry.info("lead not found", "lead", lead);
            return LeadResponses.noStore(Responses.error(404,
                    "no scored lead with this email (unknown, not scored yet, or erased)"));
        }
        telemetry.count("Read");
        telemetry.info("lead read", "lead", lead, "stage", state.get().stage().name());
        return LeadResponses.noStore(Responses.json(200, body(state.get(), lead)));
    }

    static ObjectNode body(LeadState s, String leadId) {
        ObjectNode body = Responses.object();
        body.put("leadId", leadId);
        body.put("email", s.email());
        body.put("stage", s.stage().name());
        body.put("fit", s.fit());
        body.put("engagement", s.engagement());
        body.put("total", s.total());
        body.put("grade", s.grade());
        ArrayNode reasons = body.putArray("reasons");
        for (LeadState.Reason r : s.reasons()) {
            reasons.addObject().put("rule", r.rule()).put("kind", r.kind()).put("points", r.points())
                    .put("events", r.events()).put("text", r.text());
        }
        ArrayNode history = body.putArray("stageHistory");
        for (StageChange c : s.stageHistory()) {
            history.addObject().put("from", c.from().name()).put("to", c.to().name()).put("reason", c.reason())
                    .put("at", c.at().toString());
        }
        body.put("scoredAt", s.scoredAt().toString());
        if (s.nextChangeAt() == null) {
            body.putNull("nextChangeAt");
        } else {
            body.put("nextChangeAt", s.nextChangeAt().toString());
        }
        body.put("rulesVersion", s.rulesVersion());
        body.put("eventCount", s.eventCount());
        return body;
    }
}
