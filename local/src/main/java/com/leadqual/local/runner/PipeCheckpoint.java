package com.leadqual.local.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Makes a restart lose nothing although ElasticMQ keeps queue contents in memory only. The pipe saves how far it
 * has read the stream once the target queue accepted the messages; if the runner stops before a function
 * consumed them, they die with the queue. So besides that position we keep a second one, the position as of the
 * last moment when the target queue and its dead-letter queue held nothing (every message sent up to it was
 * consumed), and a restart resumes the pipe from there: records after it are delivered again. At least once,
 * like Pipes itself; consumers must be idempotent, as rescoring is (an unchanged score writes nothing).
 */
public final class PipeCheckpoint {
    private static final List<QueueAttributeName> IN_QUEUE = List.of(
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);

    private final Path position;
    private final Path consumed;
    private final SqsClient sqs;
    private final List<String> queueUrls;

    /**
     * @param position  the file the pipe saves its position in
     * @param consumed  where the consumed position is kept
     * @param queueUrls the pipe's target queue and the queue it redrives to, if any
     */
    public PipeCheckpoint(Path position, Path consumed, SqsClient sqs, List<String> queueUrls) {
        this.position = position;
        this.consumed = consumed;
        this.sqs = sqs;
        this.queueUrls = List.copyOf(queueUrls);
    }

    /**
     * Before the pipe starts: rewinds its position to the last consumed one. With none saved, nothing was known
     * to be consumed, so the pipe starts over from its StartingPosition.
     */
    public void rewind() {
        try {
            if (Files.exists(consumed)) {
                Files.copy(consumed, position, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(position);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewind the pipe position " + position, e);
        }
    }

    /**
     * Records the pipe's position as consumed if its queues are empty. The position is read before the queues:
     * every message of a record up to that position was already sent, so empty queues afterwards mean consumed.
     *
     * @return whether the consumed position moved to the current one
     */
    public boolean save() {
        Path snapshot;
        try {
            Files.createDirectories(consumed.toAbsolutePath().getParent());
            snapshot = Files.createTempFile(consumed.toAbsolutePath().getParent(), consumed.getFileName().toString(),
                    ".tmp");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write next to " + consumed, e);
        }
        try {
            try {
                Files.copy(position, snapshot, StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException e) {
                return false; // the pipe has not delivered anything yet
            }
            if (!queuesEmpty()) {
                return false;
            }
            Files.move(snapshot, consumed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the consumed pipe position " + consumed, e);
        } finally {
            try {
                Files.deleteIfExists(snapshot);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }

    private boolean queuesEmpty() {
        for (String url : queueUrls) {
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(IN_QUEUE)).attributes();
            for (QueueAttributeName name : IN_QUEUE) {
                if (!"0".equals(attributes.getOrDefault(name, "0"))) {
                    return false;
                }
            }
        }
        return true;
    }
}
