package com.leadqual.functions.rescore;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.intake.Emails;
import com.leadqual.store.LeadRescorer;
import com.leadqual.store.LeadTable;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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

    public SQSBatchResponse process(List<SQSEvent.SQSMessage> messages, Consumer<String> log) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        Map<String, List<String>> messagesByLead = new LinkedHashMap<>();
        for (SQSEvent.SQSMessage message : messages) {
            String leadKey = leadKeyOf(message.getBody());
            if (leadKey == null) {
                log.accept("rescore message unreadable message=" + message.getMessageId());
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            } else {
                messagesByLead.computeIfAbsent(leadKey, k -> new ArrayList<>()).add(message.getMessageId());
            }
        }
        for (Map.Entry<String, List<String>> lead : messagesByLead.entrySet()) {
            String redacted = Emails.redact(LeadTable.emailOf(lead.getKey()));
            try {
                LeadRescorer.Outcome outcome = rescorer.rescore(lead.getKey(), clock.instant());
                log.accept("rescored lead=" + redacted + " outcome=" + outcome + " messages=" + lead.getValue().size());
            } catch (RuntimeException e) {
                log.accept("rescore failed lead=" + redacted + " error=" + e);
                lead.getValue().forEach(id -> failures.add(new SQSBatchResponse.BatchItemFailure(id)));
            }
        }
        return new SQSBatchResponse(failures);
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
