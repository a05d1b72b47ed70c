package com.leadqual.functions.rescore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.intake.Emails;
import com.leadqual.ops.Telemetry;
import com.leadqual.store.LeadRescorer;
import com.leadqual.store.LeadTable;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups a batch's messages by lead, rescores each lead once, and returns the messages to retry: those of a
 * lead whose rescoring failed, and unreadable ones (which reach the dead-letter queue after maxReceiveCount
 * receives instead of blocking the batch).
 */
public final class RescoreBatch {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final LeadRescorer rescorer;
    private final Clock clock;

    public RescoreBatch(LeadRescorer rescorer, Clock clock) {
        this.rescorer = rescorer;
        this.clock = clock;
    }

    /** @return the ids of the messages to retry */
    List<String> process(List<SqsBatch.Message> messages, Telemetry telemetry) {
        List<String> failures = new ArrayList<>();
        Map<String, List<SqsBatch.Message>> messagesByLead = new LinkedHashMap<>();
        for (SqsBatch.Message message : messages) {
            String leadKey = leadKeyOf(message.body());
            if (leadKey == null) {
                telemetry.count("Unreadable");
                telemetry.warn("rescore message unreadable", "messageId", message.messageId());
                failures.add(message.messageId());
            } else {
                messagesByLead.computeIfAbsent(leadKey, k -> new ArrayList<>()).add(message);
            }
        }
        for (Map.Entry<String, List<SqsBatch.Message>> lead : messagesByLead.entrySet()) {
            String redacted = Emails.redact(LeadTable.emailOf(lead.getKey()));
            try {
                LeadRescorer.Result result = rescorer.rescore(lead.getKey(), clock);
                record(result, lead.getValue(), telemetry);
                telemetry.info("lead rescored", "lead", redacted, "outcome", result.outcome().name(),
                        "messages", lead.getValue().size());
            } catch (RuntimeException e) {
                telemetry.count("RescoreFailed");
                telemetry.error("rescore failed", "lead", redacted, "error", e.toString());
                lead.getValue().forEach(m -> failures.add(m.messageId()));
            }
        }
        return failures;
    }

    private void record(LeadRescorer.Result result, List<SqsBatch.Message> messages, Telemetry telemetry) {
        telemetry.count(result.outcome() == LeadRescorer.Outcome.WRITTEN ? "StateWritten"
                : result.outcome() == LeadRescorer.Outcome.UNCHANGED ? "StateUnchanged" : "NoEvents");
        telemetry.milliseconds("ScoringTime", result.scoringNanos() / 1e6);
        if (result.outcome() == LeadRescorer.Outcome.WRITTEN && result.qualification().transition() != null) {
            telemetry.count("StageTransitions", "Stage", result.qualification().transition().to().name());
        }
        // How long the oldest request for this lead waited: the lag between an event and its score.
        long now = clock.millis();
        messages.stream()
                .map(SqsBatch.Message::sentTimestamp)
                .filter(sent -> sent != null && sent.chars().allMatch(Character::isDigit))
                .mapToLong(Long::parseLong).min()
                .ifPresent(sent -> telemetry.milliseconds("RescoreLag", Math.max(0, now - sent)));
    }

    /** {"pk": "LEAD#<email>", ...} as the pipe and the schedule write it; anything else is unreadable. */
    static String leadKeyOf(String body) {
        if (body == null) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            String pk = node == null ? null : node.path("pk").asText(null);
            return LeadTable.isLeadKey(pk) ? pk : null;
        } catch (IOException e) {
            return null;
        }
    }
}
