package com.leadqual.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda's DynamoDB stream event source mapping, as a function's {@code Type: DynamoDB} event declares it: read
 * the stream, keep the records the FilterCriteria match, invoke the function with batches of at most BatchSize in
 * the exact event shape Lambda sends, and handle failures the way Lambda does:
 * <ul>
 * <li>with ReportBatchItemFailures, the lowest reported sequence number is the checkpoint: the records before it
 *     are done, the rest is retried; an empty, null or unknown {@code itemIdentifier} fails the whole batch;</li>
 * <li>a function error (the invoker throws) fails the whole batch; with BisectBatchOnFunctionError the batch is
 *     split in two and each half retried on its own, until the failing record is alone;</li>
 * <li>every retry counts against MaximumRetryAttempts (splitting does not); records older than
 *     MaximumRecordAgeInSeconds are not invoked any more;</li>
 * <li>a batch given up on is skipped, after a pointer to it (shard, first and last sequence number, never the
 *     records) was sent to the OnFailure queue, in Lambda's invocation-record shape;</li>
 * <li>the position moves only past records that succeeded or were given up on, so a failure of the emulation
 *     itself (say the OnFailure queue refusing) re-reads them on the next poll.</li>
 * </ul>
 * Retries happen at once rather than with Lambda's back-off, so tests see the outcome in one poll. With
 * unbounded retries (MaximumRetryAttempts -1) a failing batch blocks its shard, as in Lambda: the poll reports it
 * and the next poll tries again from the same record (or discards it once older than the record age limit).
 */
public final class StreamEventSource implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StreamEventSource.class.getName());

    private final SamTemplate.StreamEvent definition;
    private final String functionArn;
    private final StreamReader reader;
    private final SqsClient sqs;
    private final String onFailureQueueUrl;
    private final List<EventPattern> patterns;
    private final SqsEventSource.Invoker invoker;
    private final Clock clock;
    private final StreamPosition position;
    private final Path positionFile;
    private volatile boolean running;
    private Thread thread;

    /** What one poll did. */
    public record Poll(int recordsRead, int recordsMatched, int invocations, int recordsDiscarded, boolean blocked) {
    }

    /**
     * @param functionLogicalId the function the event belongs to (named in on-failure records)
     * @param positionFile      where the stream position is kept across restarts, or null to keep it in memory
     */
    public StreamEventSource(SamTemplate.StreamEvent definition, String functionLogicalId, LocalAws aws,
            LocalNames names, Path positionFile, SqsEventSource.Invoker invoker) {
        this(definition, functionLogicalId, aws, names, positionFile, invoker, Clock.systemUTC());
    }

    /** As above; {@code clock} decides record ages (tests move it). */
    public StreamEventSource(SamTemplate.StreamEvent definition, String functionLogicalId, LocalAws aws,
            LocalNames names, Path positionFile, SqsEventSource.Invoker invoker, Clock clock) {
        this.definition = definition;
        this.functionArn = "arn:aws:lambda:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":function:"
                + functionLogicalId;
        this.reader = new StreamReader(aws.dynamoDbStreams(), names.streamArn(definition.tableId()));
        this.sqs = aws.sqs();
        this.onFailureQueueUrl = definition.onFailureQueueId() == null ? null
                : names.queueUrl(definition.onFailureQueueId());
        this.patterns = definition.filterPatterns().stream().map(EventPattern::compile).toList();
        this.invoker = invoker;
        this.clock = clock;
        this.positionFile = positionFile;
        boolean fresh = positionFile == null || !positionFile.toFile().exists();
        this.position = StreamPosition.load(positionFile);
        if (fresh && "LATEST".equals(definition.startingPosition())) {
            skipToEnd();
        }
    }

    /** Moves the position past everything now in the stream without invoking the function. */
    public synchronized void skipToEnd() {
        try {
            reader.readAvailable(position, 1000, records -> { });
        } catch (Exception e) {
            throw new IllegalStateException(name() + ": cannot read its stream", e);
        }
        save();
    }

    /**
     * Processes everything now in the stream.
     *
     * @throws Exception when the stream cannot be read or the OnFailure queue refuses a pointer (position kept)
     */
    public synchronized Poll pollOnce() throws Exception {
        Counts counts = new Counts();
        try {
            reader.readAvailable(position, Math.max(1, definition.batchSize()),
                    (shard, records) -> handle(shard, records, counts), this::save);
        } catch (ShardBlocked blocked) {
            return counts.poll(true);
        }
        return counts.poll(false);
    }

    private static final class Counts {
        int read;
        int matched;
        int invocations;
        int discarded;

        Poll poll(boolean blocked) {
            return new Poll(read, matched, invocations, discarded, blocked);
        }
    }

    /** A sub-batch still to invoke, with how many times it was retried. */
    private record Attempt(List<ObjectNode> records, int retries) {
    }

    private void handle(String shardId, List<ObjectNode> page, Counts counts) throws Exception {
        counts.read += page.size();
        List<ObjectNode> matching = page.stream().filter(r -> EventPattern.anyMatches(patterns, r)).toList();
        counts.matched += matching.size();
        if (matching.isEmpty()) {
            return;
        }
        // Sub-batches are taken from the front and halves pushed back in order, so the records are always
        // finished in stream order: everything before the current sub-batch is done.
        Deque<Attempt> work = new ArrayDeque<>();
        work.add(new Attempt(matching, 0));
        while (!work.isEmpty()) {
            Attempt attempt = work.pollFirst();
            if (tooOld(attempt.records().get(0))) {
                discard(shardId, attempt.records(), "RecordAgeExceeded", attempt.retries(), null, counts);
                continue;
            }
            counts.invocations++;
            Outcome outcome = invoke(attempt.records());
            if (outcome.failedFrom() < 0) {
                continue;
            }
            List<ObjectNode> failed = attempt.records().subList(outcome.failedFrom(), attempt.records().size());
            if (outcome.functionError() && definition.bisectBatchOnFunctionError() && failed.size() > 1) {
                int half = failed.size() / 2;
                work.addFirst(new Attempt(failed.subList(half, failed.size()), attempt.retries()));
                work.addFirst(new Attempt(failed.subList(0, half), attempt.retries()));
                continue;
            }
            if (definition.maximumRetryAttempts() < 0) {
                // Lambda retries until the records expire: keep what succeeded and block the shard; the next
                // poll retries from the failed record (and discards it once older than the record age limit).
                checkpointBefore(shardId, failed.get(0), page);
                throw new ShardBlocked();
            }
            int retries = attempt.retries() + 1;
            if (retries > definition.maximumRetryAttempts()) {
                discard(shardId, failed, "RetryAttemptsExhausted", retries, outcome, counts);
            } else {
                work.addFirst(new Attempt(failed, retries));
            }
        }
    }

    /** Moves the position to just before {@code firstFailed}: everything earlier in the page is done. */
    private void checkpointBefore(String shardId, ObjectNode firstFailed, List<ObjectNode> page) {
        for (int i = 0; i < page.size(); i++) {
            if (page.get(i) == firstFailed) {
                if (i > 0) {
                    position.advance(shardId, sequenceNumber(page.get(i - 1)));
                    save();
                }
                return;
            }
        }
    }

    private static final class ShardBlocked extends RuntimeException {
        ShardBlocked() {
            super(null, null, false, false);
        }
    }

    private boolean tooOld(ObjectNode record) {
        if (definition.maximumRecordAgeInSeconds() < 0) {
            return false;
        }
        JsonNode created = record.path("dynamodb").path("ApproximateCreationDateTime");
        return created.isNumber() && clock.instant().getEpochSecond() - created.asLong()
                > definition.maximumRecordAgeInSeconds();
    }

    /**
     * How an invocation ended: {@code failedFrom} is the index of the first record to retry (-1 when all
     * succeeded); {@code functionError} when the function threw.
     */
    private record Outcome(int failedFrom, boolean functionError) {
    }

    private Outcome invoke(List<ObjectNode> records) {
        ObjectNode event = StreamRecords.JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        records.forEach(array::add);
        String response;
        try {
            response = invoker.invoke(event.toString());
        } catch (Exception e) {
            LOG.log(Level.WARNING, name() + ": the function failed on a batch of " + records.size(), e);
            return new Outcome(0, true);
        }
        if (!definition.reportsBatchItemFailures()) {
            return new Outcome(-1, false);
        }
        return new Outcome(reportedFailure(response, records), false);
    }

    /**
     * Lambda's rules for a partial batch response: nothing reported (or no response) is success; an identifier
     * that is empty, null or not a sequence number of the batch fails the whole batch; else the lowest one wins.
     */
    static int reportedFailure(String response, List<ObjectNode> records) {
        JsonNode root;
        try {
            root = response == null || response.isBlank() ? null : StreamRecords.JSON.readTree(response);
        } catch (Exception e) {
            return 0;
        }
        if (root == null || root.isNull()) {
            return -1;
        }
        JsonNode failures = root.path("batchItemFailures");
        if (failures.isMissingNode() || failures.isNull() || failures.isEmpty()) {
            return -1;
        }
        List<String> sequences = records.stream().map(StreamEventSource::sequenceNumber).toList();
        int lowest = -1;
        for (JsonNode failure : failures) {
            int index = sequences.indexOf(failure.path("itemIdentifier").asText(""));
            if (index < 0) {
                return 0;
            }
            // Sequence numbers are decimal strings (of any width): compare them as numbers, as Lambda does.
            if (lowest < 0 || new BigInteger(sequences.get(index)).compareTo(new BigInteger(sequences.get(lowest))) < 0) {
                lowest = index;
            }
        }
        return lowest;
    }

    private static String sequenceNumber(JsonNode record) {
        return record.path("dynamodb").path("SequenceNumber").asText();
    }

    /** Gives up on a batch: its pointer goes to the OnFailure queue (or nowhere, as in Lambda, without one). */
    private void discard(String shardId, List<ObjectNode> records, String condition, int invocations,
            Outcome outcome, Counts counts) {
        counts.discarded += records.size();
        if (onFailureQueueUrl == null) {
            LOG.warning(name() + ": discarded " + records.size() + " record(s) (" + condition
                    + ") and has no OnFailure destination");
            return;
        }
        String body = onFailureRecord(shardId, records, condition, invocations, outcome).toString();
        // Throws when the queue refuses: the batch's records are then read and tried again on the next poll.
        sqs.sendMessage(b -> b.queueUrl(onFailureQueueUrl).messageBody(body));
    }

    /** The invocation record Lambda sends to a stream's on-failure destination: where the records are, not them. */
    private ObjectNode onFailureRecord(String shardId, List<ObjectNode> records, String condition, int invocations,
            Outcome outcome) {
        ObjectNode root = StreamRecords.JSON.createObjectNode();
        ObjectNode request = root.putObject("requestContext");
        request.put("requestId", UUID.randomUUID().toString());
        request.put("functionArn", functionArn);
        request.put("condition", condition);
        request.put("approximateInvokeCount", invocations);
        if (outcome != null) {
            ObjectNode response = root.putObject("responseContext");
            response.put("statusCode", 200);
            response.put("executedVersion", "$LATEST");
            if (outcome.functionError()) {
                response.put("functionError", "Unhandled");
            }
        }
        root.put("version", "1.0");
        root.put("timestamp", clock.instant().toString());
        ObjectNode info = root.putObject("DDBStreamBatchInfo");
        info.put("shardId", shardId);
        info.put("startSequenceNumber", sequenceNumber(records.get(0)));
        info.put("endSequenceNumber", sequenceNumber(records.get(records.size() - 1)));
        info.put("approximateArrivalOfFirstRecord", arrival(records.get(0)));
        info.put("approximateArrivalOfLastRecord", arrival(records.get(records.size() - 1)));
        info.put("batchSize", records.size());
        info.put("streamArn", reader.streamArn());
        return root;
    }

    private static String arrival(JsonNode record) {
        JsonNode created = record.path("dynamodb").path("ApproximateCreationDateTime");
        return created.isNumber() ? Instant.ofEpochSecond(created.asLong()).toString() : null;
    }

    private void save() {
        if (positionFile != null) {
            position.save(positionFile);
        }
    }

    private String name() {
        return functionArn.substring(functionArn.lastIndexOf(':') + 1) + "." + definition.name();
    }

    /** Polls on a daemon thread until closed; failures of the emulation are logged and retried with back-off. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "stream-source-" + name());
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long backoffMs = 200;
        while (running) {
            try {
                Poll poll = pollOnce();
                backoffMs = 200;
                if (poll.recordsRead() == 0 || poll.blocked()) {
                    Thread.sleep(poll.blocked() ? 1000 : 250); // Lambda polls a shard about four times a second
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                LOG.log(Level.WARNING, name() + " failed; retrying in " + backoffMs + " ms", e);
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
