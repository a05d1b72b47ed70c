package com.leadqual.handoff;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.intake.Emails;
import com.leadqual.scoring.StageChange;
import com.leadqual.store.LeadState;

/**
 * What a CRM or chat webhook receives when a lead changes stage (docs/STREAM.md, "Handoff notifications"). It
 * carries the email, because the receiver must find or create the contact; logs about it carry only the lead id.
 */
public record StageNotification(String deliveryId, String leadId, LeadState state) {
    public static final String TYPE = "lead.stage_changed";
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** @throws IllegalArgumentException when the state records no transition (nothing to notify) */
    public static StageNotification of(LeadState state) {
        if (state.transition() == null) {
            throw new IllegalArgumentException("the state records no stage transition");
        }
        return new StageNotification(DeliveryIds.of(state.leadKey(), state.transition()),
                Emails.redact(state.email()), state);
    }

    public StageChange transition() {
        return state.transition();
    }

    /** The request body: compact JSON, fields in a fixed order. */
    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("type", TYPE);
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("deliveryId", deliveryId);
        root.put("leadId", leadId);
        root.put("email", state.email());
        root.put("stage", state.stage().name());
        ObjectNode transition = root.putObject("transition");
        transition.put("from", state.transition().from().name());
        transition.put("to", state.transition().to().name());
        transition.put("reason", state.transition().reason());
        transition.put("at", state.transition().at().toString());
        root.put("fit", state.fit());
        root.put("engagement", state.engagement());
        root.put("total", state.total());
        root.put("grade", state.grade());
        ArrayNode reasons = root.putArray("reasons");
        for (LeadState.Reason r : state.reasons()) {
            reasons.addObject().put("rule", r.rule()).put("kind", r.kind()).put("points", r.points())
                    .put("events", r.events()).put("text", r.text());
        }
        root.put("rulesVersion", state.rulesVersion());
        root.put("scoredAt", state.scoredAt().toString());
        return root.toString();
    }
}
