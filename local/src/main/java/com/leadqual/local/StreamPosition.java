package com.leadqual.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How far a consumer has read a stream: the last delivered sequence number per shard and the shards read to
 * their end. Why explicit: a consumer that restarts (or polls again) must neither skip nor repeat records, so the
 * position only moves after a batch was handled, and can be saved to a file.
 */
public final class StreamPosition {
    private final Map<String, String> lastSequence = new HashMap<>();
    private final Set<String> finishedShards = new HashSet<>();

    /** The last handled sequence number of {@code shardId}, or null if none. */
    public synchronized String lastSequence(String shardId) {
        return lastSequence.get(shardId);
    }

    public synchronized boolean isFinished(String shardId) {
        return finishedShards.contains(shardId);
    }

    public synchronized boolean isEmpty() {
        return lastSequence.isEmpty() && finishedShards.isEmpty();
    }

    synchronized void advance(String shardId, String sequenceNumber) {
        lastSequence.put(shardId, sequenceNumber);
    }

    synchronized void finish(String shardId) {
        finishedShards.add(shardId);
    }

    /** Loads a saved position; a missing file is the empty position. */
    public static StreamPosition load(Path file) {
        StreamPosition p = new StreamPosition();
        if (file == null || !Files.exists(file)) {
            return p;
        }
        try {
            JsonNode root = StreamRecords.JSON.readTree(file.toFile());
            root.path("lastSequence").fields().forEachRemaining(e -> p.lastSequence.put(e.getKey(), e.getValue().asText()));
            root.path("finishedShards").forEach(n -> p.finishedShards.add(n.asText()));
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read stream position " + file + ": " + e.getMessage(), e);
        }
    }

    /** Saves atomically (write then rename), so a crash leaves the old or the new position, never half of one. */
    public synchronized void save(Path file) {
        ObjectNode root = StreamRecords.JSON.createObjectNode();
        ObjectNode seq = root.putObject("lastSequence");
        lastSequence.forEach(seq::put);
        finishedShards.forEach(root.putArray("finishedShards")::add);
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            StreamRecords.JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot save stream position " + file + ": " + e.getMessage(), e);
        }
    }
}
