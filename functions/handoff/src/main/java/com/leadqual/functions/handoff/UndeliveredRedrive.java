package com.leadqual.functions.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.handoff.WebhookSender;
import com.leadqual.handoff.WebhookTargets;
import com.leadqual.ops.Telemetry;
import com.leadqual.store.ErasureAudit;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Sends parked notifications again, once their receiver is back: the same body and delivery id (so a receiver
 * that already got one ignores it), signed afresh. A message leaves the queue only when delivered, or when its
 * lead was erased since (an erasure wins over a late notification). Anything else stays parked: a target no
 * longer configured, an unreadable record, a receiver still failing.
 */
public final class UndeliveredRedrive {
    /** How long a message being redriven is hidden, so a concurrent redrive does not send it too. */
    static final int VISIBILITY_SECONDS = 120;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<URI> targets;
    private final WebhookSender sender;
    private final ErasureAudit erasures;
    private final UndeliveredQueue queue;

    public UndeliveredRedrive(List<URI> targets, WebhookSender sender, ErasureAudit erasures, UndeliveredQueue queue) {
        this.targets = List.copyOf(targets);
        this.sender = sender;
        this.erasures = erasures;
        this.queue = queue;
    }

    /** What a redrive did with the messages it read. */
    public record Summary(int read, int delivered, int erased, int stillParked) {
    }

    /**
     * Reads one message at a time (the others stay visible to a parallel redrive) until {@code maxMessages}, an
     * empty queue, or too little time left to send one more.
     */
    public Summary redrive(int maxMessages, Telemetry telemetry, LongSupplier remainingMillis) {
        int read = 0;
        int delivered = 0;
        int erased = 0;
        long oneMessage = HandoffBatch.worstCase(sender.policy(), 1).toMillis();
        while (read < maxMessages && remainingMillis.getAsLong() > oneMessage) {
            List<Message> batch = queue.receive(1, VISIBILITY_SECONDS);
            if (batch.isEmpty()) {
                break;
            }
            read++;
            switch (redrive(batch.get(0), telemetry)) {
                case DELIVERED -> {
                    delivered++;
                    telemetry.count("Redelivered");
                }
                case ERASED -> {
                    erased++;
                    telemetry.count("RedriveErased");
                }
                case KEPT -> telemetry.count("StillParked");
            }
        }
        Summary summary = new Summary(read, delivered, erased, read - delivered - erased);
        telemetry.info("undelivered notifications redriven", "read", read, "delivered", delivered, "erased", erased,
                "stillParked", summary.stillParked());
        return summary;
    }

    private enum Fate { DELIVERED, ERASED, KEPT }

    private Fate redrive(Message message, Telemetry telemetry) {
        JsonNode parked;
        try {
            parked = MAPPER.readTree(message.body());
        } catch (IOException e) {
            return Fate.KEPT;
        }
        if (parked == null || !UndeliveredQueue.NOTIFICATION.equals(parked.path("kind").asText())) {
            return Fate.KEPT; // an unreadable record is for a person to look at
        }
        String deliveryId = parked.path("deliveryId").asText();
        URI target = URI.create(parked.path("target").asText());
        if (!targets.contains(target)) {
            telemetry.warn("parked notification's target is no longer configured; kept", "deliveryId", deliveryId,
                    "target", WebhookTargets.describe(target));
            return Fate.KEPT;
        }
        JsonNode notification = parked.path("notification");
        if (erasures.erasedSince(notification.path("email").asText(),
                Instant.parse(notification.path("scoredAt").asText()))) {
            queue.delete(message);
            telemetry.info("parked notification dropped: its lead was erased", "deliveryId", deliveryId);
            return Fate.ERASED;
        }
        // The stored tree prints back to the very bytes that were first sent.
        WebhookSender.Result result = sender.send(target, deliveryId, ((ObjectNode) notification).toString());
        if (!result.delivered()) {
            telemetry.warn("parked notification still not delivered; kept", "deliveryId", deliveryId,
                    "target", WebhookTargets.describe(target), "lastError", result.lastError());
            return Fate.KEPT;
        }
        queue.delete(message);
        telemetry.info("parked notification delivered", "deliveryId", deliveryId,
                "target", WebhookTargets.describe(target), "attempts", result.attempts());
        return Fate.DELIVERED;
    }
}
