package com.leadqual.functions.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.handoff.StageNotification;
import com.leadqual.handoff.WebhookSender;
import com.leadqual.handoff.WebhookTargets;
import com.leadqual.intake.Emails;
import com.leadqual.ops.Telemetry;
import com.leadqual.store.ErasureAudit;
import com.leadqual.store.LeadState;
import com.leadqual.store.LeadTable;
import com.leadqual.store.StateItems;
import com.leadqual.store.StoreUnavailable;
import com.leadqual.store.StreamImages;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One batch of state changes from the stream, in order: each stage transition is POSTed to every target, and
 * whatever cannot be delivered after the sender's retries is parked whole in the undelivered queue. Nothing is
 * dropped: a record is reported as failed (so Lambda retries it and, in the end, keeps a pointer to it in the
 * OnFailure queue) only when it could neither be delivered nor parked, or when the invocation is running out of
 * time. Processing stops at that record; the ones after it come again with it, in order.
 */
public final class HandoffBatch {
    /** Kept free at the end of the invocation for parking and answering. */
    private static final Duration RESERVE = Duration.ofSeconds(3);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<URI> targets;
    private final WebhookSender sender;
    private final ErasureAudit erasures;
    private final UndeliveredQueue undelivered;
    private final Clock clock;

    public HandoffBatch(List<URI> targets, WebhookSender sender, ErasureAudit erasures, UndeliveredQueue undelivered,
            Clock clock) {
        this.targets = List.copyOf(targets);
        this.sender = sender;
        this.erasures = erasures;
        this.undelivered = undelivered;
        this.clock = clock;
    }

    private enum Outcome { DONE, RETRY }

    /**
     * @param remainingMillis the invocation's remaining time
     * @return the partial batch response: empty, or the sequence number of the first record to retry
     */
    public ObjectNode process(JsonNode event, Telemetry telemetry, LongSupplier remainingMillis) {
        Set<URI> down = new HashSet<>(); // failed every attempt in this invocation: one attempt each from now on
        boolean first = true;
        for (JsonNode record : event.path("Records")) {
            String sequence = record.path("dynamodb").path("SequenceNumber").asText("");
            // The first record always gets its chance (the function's timeout is sized for one record's worst
            // case), so a batch always makes progress; later ones only if they can finish in time.
            if (!first && remainingMillis.getAsLong() < worstCase(down).toMillis()) {
                telemetry.count("OutOfTime");
                telemetry.warn("handoff out of time; the rest of the batch is retried", "sequenceNumber", sequence);
                return failedFrom(sequence);
            }
            if (handle(record, down, telemetry) == Outcome.RETRY) {
                return failedFrom(sequence);
            }
            first = false;
        }
        return MAPPER.createObjectNode().set("batchItemFailures", MAPPER.createArrayNode());
    }

    /** The longest one record can take: every target timing out on every attempt it gets, then parking. */
    public static Duration worstCase(WebhookSender.Policy policy, int targets) {
        return RESERVE.plus(policy.worstCase(policy.attempts()).multipliedBy(targets));
    }

    private Duration worstCase(Set<URI> down) {
        Duration total = RESERVE;
        for (URI target : targets) {
            total = total.plus(sender.policy().worstCase(down.contains(target) ? 1 : sender.policy().attempts()));
        }
        return total;
    }

    private static ObjectNode failedFrom(String sequence) {
        ObjectNode response = MAPPER.createObjectNode();
        response.putArray("batchItemFailures").addObject().put("itemIdentifier", sequence);
        return response;
    }

    private Outcome handle(JsonNode record, Set<URI> down, Telemetry telemetry) {
        if (!isStateChange(record)) {
            // The event source's filter already keeps these out; a record that slips through is not ours.
            telemetry.count("Ignored");
            return Outcome.DONE;
        }
        LeadState state;
        try {
            state = StateItems.fromItem(StreamImages.item(record.path("dynamodb").path("NewImage")));
        } catch (IllegalArgumentException e) {
            return parkUnreadable(record, e.getMessage(), telemetry);
        }
        if (state.transition() == null) {
            telemetry.count("Ignored");
            return Outcome.DONE;
        }
        String lead = Emails.redact(state.email());
        try {
            if (erasures.erasedSince(state.email(), state.scoredAt())) {
                telemetry.count("SkippedErased");
                telemetry.info("lead erased since this stage change; nothing sent", "lead", lead);
                return Outcome.DONE;
            }
        } catch (StoreUnavailable e) {
            telemetry.count("StoreUnavailable");
            telemetry.error("could not check for an erasure; record retried", "lead", lead,
                    "error", String.valueOf(e.getCause()));
            return Outcome.RETRY;
        }
        StageNotification notification = StageNotification.of(state);
        String body = notification.toJson();
        for (URI target : targets) {
            int attempts = down.contains(target) ? 1 : sender.policy().attempts();
            WebhookSender.Result result = sender.send(target, notification.deliveryId(), body, attempts);
            telemetry.count("DeliveryAttempts", "Target", WebhookTargets.describe(target), result.attempts());
            if (result.delivered()) {
                telemetry.count("Delivered", "Stage", state.stage().name());
                telemetry.milliseconds("HandoffLag", Math.max(0,
                        clock.millis() - state.transition().at().toEpochMilli()));
                telemetry.info("stage change delivered", "lead", lead, "deliveryId", notification.deliveryId(),
                        "stage", state.stage().name(), "target", WebhookTargets.describe(target),
                        "attempts", result.attempts());
                continue;
            }
            down.add(target);
            try {
                undelivered.park(notification, target, result, clock.instant());
            } catch (SdkException e) {
                telemetry.count("ParkFailed");
                telemetry.error("stage change neither delivered nor parked; record retried", "lead", lead,
                        "deliveryId", notification.deliveryId(), "target", WebhookTargets.describe(target),
                        "error", e.toString());
                return Outcome.RETRY;
            }
            telemetry.count("Parked");
            telemetry.warn("stage change not delivered; parked in the undelivered queue", "lead", lead,
                    "deliveryId", notification.deliveryId(), "target", WebhookTargets.describe(target),
                    "attempts", result.attempts(), "lastError", result.lastError());
        }
        return Outcome.DONE;
    }

    private static boolean isStateChange(JsonNode record) {
        String name = record.path("eventName").asText("");
        return (name.equals("INSERT") || name.equals("MODIFY"))
                && LeadTable.STATE_SK.equals(record.path("dynamodb").path("Keys").path(LeadTable.SK).path("S").asText());
    }

    private Outcome parkUnreadable(JsonNode record, String error, Telemetry telemetry) {
        String sequence = record.path("dynamodb").path("SequenceNumber").asText("");
        try {
            undelivered.parkUnreadable(record, error, clock.instant());
        } catch (SdkException e) {
            telemetry.count("ParkFailed");
            telemetry.error("unreadable state record not parked; record retried", "sequenceNumber", sequence,
                    "error", e.toString());
            return Outcome.RETRY;
        }
        telemetry.count("Unreadable");
        telemetry.error("unreadable state record parked", "sequenceNumber", sequence, "error", error);
        return Outcome.DONE;
    }
}
