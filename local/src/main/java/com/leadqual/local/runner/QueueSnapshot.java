package com.leadqual.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Carries the messages waiting in the queues over a clean stop, since ElasticMQ keeps them in memory only: at
 * shutdown, once nothing consumes any more, every visible message of every queue is written to
 * {@code <data>/queues/<Queue>.json}; the next start sends them again before any consumer starts. What this keeps:
 * dead-lettered messages, parked notifications, requests not yet received. What it cannot: messages in flight
 * (their invocation was stopped, so they are invisible until their visibility timeout), and anything at a crash;
 * for the pipe's queue {@link PipeCheckpoint} covers both. Resent messages get new ids and receive counts.
 */
public final class QueueSnapshot {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough that a message received for the snapshot does not come round again during it. */
    private static final int HIDE_WHILE_SAVING_SECONDS = 300;

    private final SqsClient sqs;
    private final Map<String, String> queueUrls;
    private final Path dir;

    /**
     * @param queueUrls standard queues by logical id (FIFO queues are left out: resending would need their groups)
     */
    public QueueSnapshot(SqsClient sqs, Map<String, String> queueUrls, Path dir) {
        this.sqs = sqs;
        this.queueUrls = new LinkedHashMap<>(queueUrls);
        this.dir = dir;
    }

    /** Saves every visible message; returns how many were saved per queue (queues with none left out). */
    public Map<String, Integer> save() {
        Map<String, Integer> saved = new LinkedHashMap<>();
        for (Map.Entry<String, String> queue : queueUrls.entrySet()) {
            ArrayNode messages = JSON.createArrayNode();
            while (true) {
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queue.getValue()).maxNumberOfMessages(10)
                        .waitTimeSeconds(0).visibilityTimeout(HIDE_WHILE_SAVING_SECONDS)
                        .messageAttributeNames("All")).messages();
                if (batch.isEmpty()) {
                    break;
                }
                for (Message m : batch) {
                    ObjectNode saved1 = messages.addObject().put("body", m.body());
                    ObjectNode attributes = saved1.putObject("messageAttributes");
                    m.messageAttributes().forEach((name, value) -> attributes.putObject(name)
                            .put("dataType", value.dataType()).put("stringValue", value.stringValue()));
                }
            }
            Path file = dir.resolve(queue.getKey() + ".json");
            if (!messages.isEmpty()) {
                write(file, messages);
                saved.put(queue.getKey(), messages.size());
            }
        }
        return saved;
    }

    /** Sends the saved messages to their queues and removes the files; returns how many per queue. */
    public Map<String, Integer> restore() {
        Map<String, Integer> restored = new LinkedHashMap<>();
        for (Map.Entry<String, String> queue : queueUrls.entrySet()) {
            Path file = dir.resolve(queue.getKey() + ".json");
            if (!Files.exists(file)) {
                continue;
            }
            JsonNode messages;
            try {
                messages = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the saved messages " + file, e);
            }
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (JsonNode m : messages) {
                Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
                m.path("messageAttributes").fields().forEachRemaining(a -> attributes.put(a.getKey(),
                        MessageAttributeValue.builder().dataType(a.getValue().path("dataType").asText())
                                .stringValue(a.getValue().path("stringValue").asText()).build()));
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(entries.size()))
                        .messageBody(m.path("body").asText()).messageAttributes(attributes).build());
            }
            for (int from = 0; from < entries.size(); from += 10) {
                List<SendMessageBatchRequestEntry> batch = entries.subList(from, Math.min(from + 10, entries.size()));
                var response = sqs.sendMessageBatch(b -> b.queueUrl(queue.getValue()).entries(batch));
                if (response.hasFailed() && !response.failed().isEmpty()) {
                    throw new IllegalStateException("queue " + queue.getKey() + " refused saved messages: "
                            + response.failed());
                }
            }
            try {
                Files.delete(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + file + " after restoring it", e);
            }
            restored.put(queue.getKey(), entries.size());
        }
        return restored;
    }

    private static void write(Path file, JsonNode messages) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            JSON.writeValue(tmp.toFile(), messages);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the messages of " + file, e);
        }
    }
}
