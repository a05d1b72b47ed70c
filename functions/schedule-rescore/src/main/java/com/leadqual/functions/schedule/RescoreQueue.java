package com.leadqual.functions.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** Sends rescore requests ten to a call, retrying entries SQS refused. */
public final class RescoreQueue {
    static final int SQS_BATCH = 10;
    private static final int ATTEMPTS = 3;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;

    public RescoreQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    Batcher batcher(String cause) {
        return new Batcher(cause);
    }

    /**
     * Collects lead keys and flushes full batches. If SQS keeps refusing an entry, it throws: the schedule's
     * invocation fails and the leads stay due, so the next run enqueues them again. Nothing is lost.
     */
    final class Batcher implements AutoCloseable {
        private final String cause;
        private final List<SendMessageBatchRequestEntry> pending = new ArrayList<>();

        private Batcher(String cause) {
            this.cause = cause;
        }

        void add(String leadKey) {
            String body;
            try {
                body = MAPPER.writeValueAsString(Map.of("pk", leadKey, "cause", cause));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            pending.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(pending.size())).messageBody(body).build());
            if (pending.size() == SQS_BATCH) {
                flush();
            }
        }

        private void flush() {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(pending);
            pending.clear();
            for (int attempt = 1; !entries.isEmpty(); attempt++) {
                SendMessageBatchResponse response = sqs.sendMessageBatch(
                        SendMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build());
                if (!response.hasFailed() || response.failed().isEmpty()) {
                    return;
                }
                if (attempt == ATTEMPTS) {
                    BatchResultErrorEntry first = response.failed().get(0);
                    throw new IllegalStateException("SQS refused " + response.failed().size()
                            + " rescore requests: " + first.code() + " " + first.message());
                }
                List<String> failedIds = response.failed().stream().map(BatchResultErrorEntry::id).toList();
                entries = entries.stream().filter(e -> failedIds.contains(e.id())).toList();
            }
        }

        @Override
        public void close() {
            if (!pending.isEmpty()) {
                flush();
            }
        }
    }
}
