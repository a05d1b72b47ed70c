package com.leadqual.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a table's stream as real-shape JSON records, shard by shard (parents before children, so order per key
 * is kept across shard splits), from a {@link StreamPosition}. Shared by the pipe emulation, a Lambda stream event
 * source and anything else that follows the table.
 *
 * <p>Like Lambda's pollers, a reader keeps what it learned between polls: the shard list (described again when a
 * shard closes, else every {@value #SHARD_LIST_MILLIS} ms) and each shard's next iterator from its last
 * GetRecords, used while the position is still where that read left it. Why: re-describing the stream and
 * asking a new iterator on every poll tripled the requests of a caught-up poll, and DynamoDB Local, which the
 * functions share, serves them all.
 */
public final class StreamReader {
    /** Handles one batch; throwing leaves the position where it was, so the batch is read again next time. */
    @FunctionalInterface
    public interface BatchHandler {
        void handle(List<ObjectNode> records) throws Exception;
    }

    /** As {@link BatchHandler}, told which shard the records come from (stream consumers report it on failure). */
    @FunctionalInterface
    public interface ShardBatchHandler {
        void handle(String shardId, List<ObjectNode> records) throws Exception;
    }

    /** How long a described shard list is used when no shard closed meanwhile. */
    static final long SHARD_LIST_MILLIS = 10_000;

    /** An iterator that reads on right after {@code afterSequence} (null: from the trim horizon) of a position. */
    private record NextIterator(StreamPosition position, String afterSequence, String iterator) {
    }

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private List<Shard> shards;
    private long shardsDescribedAt;
    private final Map<String, NextIterator> nextIterators = new HashMap<>();

    public StreamReader(DynamoDbStreamsClient streams, String streamArn) {
        this.streams = streams;
        this.streamArn = streamArn;
    }

    public String streamArn() {
        return streamArn;
    }

    /**
     * Delivers every record currently in the stream after {@code position} in batches of at most
     * {@code batchSize}, advancing the position after each handled batch.
     *
     * @return the number of records handled
     * @throws Exception what the handler threw (the position stays before that batch)
     */
    public int readAvailable(StreamPosition position, int batchSize, BatchHandler handler) throws Exception {
        return readAvailable(position, batchSize, handler, () -> { });
    }

    /** As above; {@code afterAdvance} runs after each position change (e.g. to save it). */
    public int readAvailable(StreamPosition position, int batchSize, BatchHandler handler, Runnable afterAdvance)
            throws Exception {
        return readAvailable(position, batchSize, (ShardBatchHandler) (shard, records) -> handler.handle(records),
                afterAdvance);
    }

    /** As above, with the shard id of each batch. */
    public synchronized int readAvailable(StreamPosition position, int batchSize, ShardBatchHandler handler,
            Runnable afterAdvance) throws Exception {
        if (shards == null || System.currentTimeMillis() - shardsDescribedAt > SHARD_LIST_MILLIS) {
            describeShards();
        }
        int count = 0;
        boolean progress = true;
        while (progress) {
            progress = false;
            Map<String, Shard> byId = new LinkedHashMap<>();
            shards.forEach(s -> byId.put(s.shardId(), s));
            for (Shard shard : shards) {
                String id = shard.shardId();
                if (position.isFinished(id)) {
                    continue;
                }
                String parent = shard.parentShardId();
                if (parent != null && byId.containsKey(parent) && !position.isFinished(parent)) {
                    continue; // the parent's records come first
                }
                count += readShard(shard, position, batchSize, handler, afterAdvance);
                if (position.isFinished(id)) {
                    progress = true; // children of this shard may now be read
                }
            }
            if (progress) {
                describeShards(); // a closed shard's children may not be in the list yet
            }
        }
        return count;
    }

    private void describeShards() {
        shards = shards();
        shardsDescribedAt = System.currentTimeMillis();
    }

    private int readShard(Shard shard, StreamPosition position, int batchSize, ShardBatchHandler handler,
                          Runnable afterAdvance) throws Exception {
        String id = shard.shardId();
        // Taken, not peeked: if this read fails, the next one starts from a new iterator at the position.
        NextIterator kept = nextIterators.remove(id);
        boolean fresh = kept == null || kept.position() != position
                || !java.util.Objects.equals(kept.afterSequence(), position.lastSequence(id));
        String iterator = fresh ? iterator(id, position.lastSequence(id)) : kept.iterator();
        int count = 0;
        while (iterator != null) {
            String it = iterator;
            GetRecordsResponse r;
            try {
                r = streams.getRecords(b -> b.shardIterator(it).limit(Math.min(batchSize, 1000)));
            } catch (ExpiredIteratorException e) {
                if (fresh) {
                    throw e;
                }
                fresh = true; // a kept iterator outlived its 15 minutes: ask again from the position
                iterator = iterator(id, position.lastSequence(id));
                continue;
            }
            fresh = false;
            List<Record> records = r.records();
            if (!records.isEmpty()) {
                List<ObjectNode> json = new ArrayList<>(records.size());
                records.forEach(rec -> json.add(StreamRecords.toJson(rec, streamArn)));
                handler.handle(id, json);
                position.advance(id, records.get(records.size() - 1).dynamodb().sequenceNumber());
                count += records.size();
                afterAdvance.run();
            }
            iterator = r.nextShardIterator();
            if (iterator == null) {
                position.finish(id); // closed shard read to its end
                afterAdvance.run();
            } else if (records.isEmpty()) {
                nextIterators.put(id, new NextIterator(position, position.lastSequence(id), iterator));
                break; // open shard, caught up
            }
        }
        return count;
    }

    private String iterator(String shardId, String after) {
        if (after != null) {
            try {
                return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                        .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after))
                        .shardIterator();
            } catch (TrimmedDataAccessException e) {
                // Older than the stream's 24 h retention: nothing before the horizon can be read any more.
            }
        }
        return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    }

    private List<Shard> shards() {
        List<Shard> out = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            DescribeStreamResponse d = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(from));
            out.addAll(d.streamDescription().shards());
            start = d.streamDescription().lastEvaluatedShardId();
        } while (start != null);
        return out;
    }
}
