package com.leadqual.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Lambda's SQS event source mapping, on a local queue: receive up to BatchSize messages, invoke the function
 * with an event of the exact shape Lambda sends, delete what succeeded. With ReportBatchItemFailures only the
 * reported messages stay; without it, any error keeps the whole batch. Messages kept become visible again after
 * the visibility timeout, and the queue's redrive policy moves them to the DLQ after maxReceiveCount receives.
 */
public final class SqsEventSource implements AutoCloseable {
    /** Invokes the function with an event and returns its JSON response; throws when the function failed. */
    @FunctionalInterface
    public interface Invoker {
        String invoke(String eventJson) throws Exception;
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final int batchSize;
    private final Duration batchingWindow;
    private final boolean reportBatchItemFailures;
    private final Duration retryAfter;
    private final Invoker invoker;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param retryAfter how long a failed message stays invisible before its next receive; null keeps the
     *     queue's own visibility timeout, as Lambda does (tests shorten it to see redrive quickly)
     */
    public SqsEventSource(SqsClient sqs, String queueUrl, String queueArn, int batchSize, Duration batchingWindow,
            boolean reportBatchItemFailures, Duration retryAfter, Invoker invoker) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.batchSize = Math.max(1, Math.min(10, batchSize));
        this.batchingWindow = batchingWindow == null ? Duration.ZERO : batchingWindow;
        this.reportBatchItemFailures = reportBatchItemFailures;
        this.retryAfter = retryAfter;
        this.invoker = invoker;
    }

    /** Outcome of one poll: how many messages the function got, and how many it failed. */
    public record Poll(int received, int failed) {
    }

    /** Receives one batch (waiting at most {@code wait}) and settles it. */
    public Poll pollOnce(Duration wait) {
        List<Message> batch = receive(wait);
        if (batch.isEmpty()) {
            return new Poll(0, 0);
        }
        Set<String> failed = invoke(batch);
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        List<ChangeMessageVisibilityBatchRequestEntry> retry = new ArrayList<>();
        for (Message m : batch) {
            if (failed.contains(m.messageId())) {
                if (retryAfter != null) {
                    retry.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(m.messageId())
                            .receiptHandle(m.receiptHandle()).visibilityTimeout((int) retryAfter.toSeconds()).build());
                }
            } else {
                done.add(DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build());
            }
        }
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
        }
        if (!retry.isEmpty()) {
            sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(retry));
        }
        return new Poll(batch.size(), failed.size());
    }

    private List<Message> receive(Duration wait) {
        List<Message> batch = new ArrayList<>();
        long windowEnds = System.nanoTime() + batchingWindow.toNanos();
        int waitSeconds = (int) Math.min(20, wait.toSeconds());
        do {
            ReceiveMessageResponse response = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                    .maxNumberOfMessages(batchSize - batch.size())
                    .waitTimeSeconds(batch.isEmpty() ? waitSeconds : 0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All"));
            batch.addAll(response.messages());
            if (response.messages().isEmpty() && !batch.isEmpty()) {
                break;
            }
        } while (!batch.isEmpty() && batch.size() < batchSize && System.nanoTime() < windowEnds);
        return batch;
    }

    /** @return the ids of the messages to keep */
    private Set<String> invoke(List<Message> batch) {
        Set<String> all = new HashSet<>();
        batch.forEach(m -> all.add(m.messageId()));
        String response;
        try {
            response = invoker.invoke(lambdaEvent(batch, queueArn));
        } catch (Exception e) {
            return all;
        }
        if (!reportBatchItemFailures) {
            return Set.of();
        }
        return reportedFailures(response, all);
    }

    /** Lambda's rules: an unreadable response, or an identifier not in the batch, fails the whole batch. */
    static Set<String> reportedFailures(String response, Set<String> batch) {
        try {
            JsonNode root = response == null || response.isBlank() ? null : MAPPER.readTree(response);
            if (root == null || root.isNull()) {
                return Set.of();
            }
            JsonNode failures = root.path("batchItemFailures");
            if (failures.isMissingNode() || failures.isNull()) {
                return Set.of();
            }
            Set<String> failed = new HashSet<>();
            for (JsonNode failure : failures) {
                String id = failure.path("itemIdentifier").asText("");
                if (!batch.contains(id)) {
                    return batch;
                }
                failed.add(id);
            }
            return failed;
        } catch (Exception e) {
            return batch;
        }
    }

    /** The event exactly as Lambda's SQS event source builds it. */
    public static String lambdaEvent(List<Message> messages, String queueArn) {
        ObjectNode event = MAPPER.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : messages) {
            ObjectNode record = records.addObject();
            record.put("messageId", m.messageId());
            record.put("receiptHandle", m.receiptHandle());
            record.put("body", m.body());
            ObjectNode attributes = record.putObject("attributes");
            m.attributesAsStrings().forEach(attributes::put);
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            for (Map.Entry<String, MessageAttributeValue> a : m.messageAttributes().entrySet()) {
                ObjectNode value = messageAttributes.putObject(a.getKey());
                value.put("stringValue", a.getValue().stringValue());
                value.putArray("stringListValues");
                value.putArray("binaryListValues");
                value.put("dataType", a.getValue().dataType());
            }
            record.put("md5OfBody", m.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", queueArn.split(":")[3]);
        }
        return event.toString();
    }

    /** Polls on a daemon thread until closed, like the event source mapping's pollers. */
    public synchronized void start(String name) {
        running = true;
        thread = new Thread(() -> {
            while (running) {
                try {
                    pollOnce(Duration.ofSeconds(1));
                } catch (RuntimeException e) {
                    if (running) {
                        System.err.println(name + ": " + e);
                        sleep(1000);
                    }
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }
}
