package com.leadqual.functions.handoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.handoff.StageNotification;
import com.leadqual.handoff.WebhookSender;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Where the handoff parks what it could not deliver, whole: the notification with its target and delivery id, so
 * it can be sent again (with the same delivery id) once the receiver is back, long after the stream has dropped
 * the record (24 h). The queue is encrypted and keeps messages 14 days; it holds emails, logs never do.
 */
public final class UndeliveredQueue {
    static final String NOTIFICATION = "stage-notification";
    static final String UNREADABLE = "unreadable-record";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;

    public UndeliveredQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** @throws software.amazon.awssdk.core.exception.SdkException when SQS refused: nothing was parked */
    void park(StageNotification notification, URI target, WebhookSender.Result result, Instant now) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("kind", NOTIFICATION);
        body.put("deliveryId", notification.deliveryId());
        body.put("leadId", notification.leadId());
        body.put("target", target.toString());
        body.put("attempts", result.attempts());
        body.put("lastError", result.lastError());
        body.put("parkedAt", now.toString());
        body.set("notification", parse(notification.toJson()));
        send(body);
    }

    /** A stream record the handoff cannot read: kept with its position so someone can look at it. */
    void parkUnreadable(JsonNode record, String error, Instant now) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("kind", UNREADABLE);
        body.put("eventID", record.path("eventID").asText(null));
        body.put("eventName", record.path("eventName").asText(null));
        body.put("sequenceNumber", record.path("dynamodb").path("SequenceNumber").asText(null));
        body.set("keys", record.path("dynamodb").path("Keys"));
        body.put("error", error);
        body.put("parkedAt", now.toString());
        send(body);
    }

    /** Up to {@code max} (at most ten) parked messages, hidden from other readers for {@code visibilitySeconds}. */
    List<Message> receive(int max, int visibilitySeconds) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(Math.max(1, Math.min(10, max)))
                .visibilityTimeout(visibilitySeconds).waitTimeSeconds(0)).messages();
    }

    void delete(Message message) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
    }

    private void send(ObjectNode body) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body.toString()));
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
