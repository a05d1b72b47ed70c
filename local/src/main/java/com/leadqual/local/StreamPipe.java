package com.leadqual.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Emulates an AWS::Pipes::Pipe from a DynamoDB stream to an SQS queue: read, filter, render the InputTemplate,
 * SendMessageBatch. At least once, like Pipes: the position moves only after the queue accepted every message of
 * a batch, so a failure re-reads the batch instead of losing it.
 */
public final class StreamPipe implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StreamPipe.class.getName());
    private static final int SEND_ATTEMPTS = 5;

    private final SamTemplate.Pipe definition;
    private final StreamReader reader;
    private final SqsClient sqs;
    private final String queueUrl;
    private final List<EventPattern> patterns;
    private final InputTemplate inputTemplate;
    private final StreamPosition position;
    private final Path positionFile;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param positionFile where the stream position is kept across restarts, or null to keep it in memory
     */
    public StreamPipe(SamTemplate.Pipe definition, AwsServices aws, LocalNames names, Path positionFile) {
        this(definition, aws.dynamoDbStreams(), aws.sqs(), names, positionFile);
    }

    /** With clients of the caller's, e.g. ones that count their requests (the benchmarks). */
    public StreamPipe(SamTemplate.Pipe definition, DynamoDbStreamsClient streams, SqsClient sqs, LocalNames names,
            Path positionFile) {
        this.definition = definition;
        this.reader = new StreamReader(streams, names.streamArn(definition.sourceTableId()));
        this.sqs = sqs;
        this.queueUrl = names.queueUrl(definition.targetQueueId());
        this.patterns = definition.filterPatterns().stream().map(EventPattern::compile).toList();
        this.inputTemplate = definition.inputTemplate() == null ? null : new InputTemplate(definition.inputTemplate());
        this.positionFile = positionFile;
        boolean fresh = positionFile == null || !positionFile.toFile().exists();
        this.position = StreamPosition.load(positionFile);
        if (fresh && "LATEST".equals(definition.startingPosition())) {
            skipToEnd();
        }
    }

    private void skipToEnd() {
        try {
            reader.readAvailable(position, 1000, records -> { });
        } catch (Exception e) {
            throw new IllegalStateException("Pipe " + definition.logicalId() + ": cannot read its stream", e);
        }
        save();
    }

    /**
     * Processes everything currently in the stream.
     *
     * @return the number of messages sent to the target queue
     * @throws Exception when the stream cannot be read or the queue keeps refusing a batch (position unchanged)
     */
    public synchronized int pollOnce() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        reader.readAvailable(position, definition.batchSize(), records -> sent.addAndGet(deliver(records)),
                this::save);
        return sent.get();
    }

    private int deliver(List<ObjectNode> records) throws InterruptedException {
        List<String> bodies = new ArrayList<>();
        for (ObjectNode r : records) {
            if (EventPattern.anyMatches(patterns, r)) {
                bodies.add(inputTemplate == null ? r.toString() : inputTemplate.render(r));
            }
        }
        for (int from = 0; from < bodies.size(); from += 10) {
            sendBatch(bodies.subList(from, Math.min(from + 10, bodies.size())));
        }
        return bodies.size();
    }

    /** Sends up to 10 bodies; resends only the entries SQS rejected, with back-off, then gives up by throwing. */
    private void sendBatch(List<String> bodies) throws InterruptedException {
        List<SendMessageBatchRequestEntry> pending = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            pending.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(bodies.get(i))
                    .build());
        }
        long backoffMs = 100;
        for (int attempt = 1; ; attempt++) {
            String failure;
            try {
                List<SendMessageBatchRequestEntry> batch = pending;
                SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(batch));
                if (!r.hasFailed() || r.failed().isEmpty()) {
                    return;
                }
                List<String> failedIds = r.failed().stream().map(BatchResultErrorEntry::id).toList();
                pending = pending.stream().filter(e -> failedIds.contains(e.id())).toList();
                failure = r.failed().toString();
            } catch (RuntimeException e) {
                failure = e.toString();
            }
            if (attempt >= SEND_ATTEMPTS) {
                throw new IllegalStateException("Pipe " + definition.logicalId() + ": queue " + queueUrl
                        + " refused " + pending.size() + " message(s) " + attempt + " times: " + failure);
            }
            Thread.sleep(backoffMs);
            backoffMs = Math.min(backoffMs * 2, 5_000);
        }
    }

    private void save() {
        if (positionFile != null) {
            position.save(positionFile);
        }
    }

    /** Starts polling on a daemon thread; failures are logged and retried with back-off, never skipped. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "pipe-" + definition.logicalId());
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long backoffMs = 200;
        while (running) {
            try {
                int sent = pollOnce();
                backoffMs = 200;
                if (sent == 0) {
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                LOG.log(Level.WARNING, "Pipe " + definition.logicalId() + " failed; retrying in " + backoffMs + " ms", e);
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMs = Math.min(backoffMs * 2, 10_000);
            }
        }
    }

    /** Stops the background thread (if started) and waits for it. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
