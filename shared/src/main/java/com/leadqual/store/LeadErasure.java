package com.leadqual.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Erases a lead: every item of its partition (events first, then the state), then an audit record that keeps only
 * a hash of the email. Afterwards a queued rescore finds no events and writes nothing (LeadRescorer's NO_EVENTS),
 * and a rescorer that loaded the events just before cannot write the state back: its write is conditioned on one
 * of those events still existing (LeadStateStore.save), and the events are gone before the state is deleted.
 */
public final class LeadErasure {
    private static final int BATCH = 25; // BatchWriteItem's limit
    private static final int WRITE_ATTEMPTS = 6;
    /** Rounds until a query finds the partition empty; an event stored during the erasure is erased too. */
    private static final int ROUNDS = 5;

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final ErasureAudit audit;

    public LeadErasure(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
        this.audit = new ErasureAudit(dynamo, tableName);
    }

    /** What an erasure did; {@code leadHash} is the audit record's key. */
    public record Result(String leadHash, int itemsRemoved, Instant erasedAt) {
    }

    /**
     * Idempotent: erasing an unknown or already erased lead removes nothing and still records the request.
     *
     * @throws StoreUnavailable when DynamoDB failed part way; what is deleted stays deleted, and repeating the
     *     erasure finishes it (no audit record is written until the partition is empty)
     */
    public Result erase(String normalizedEmail, Instant now, String requestId) {
        String leadKey = LeadTable.leadKey(normalizedEmail);
        int removed = 0;
        for (int round = 0; ; round++) {
            List<Map<String, AttributeValue>> keys = keys(leadKey);
            if (keys.isEmpty()) {
                break;
            }
            if (round == ROUNDS) {
                throw new StoreUnavailable("the lead kept receiving items during its erasure", null);
            }
            List<Map<String, AttributeValue>> events = keys.stream()
                    .filter(k -> !LeadTable.STATE_SK.equals(k.get(LeadTable.SK).s())).toList();
            removed += delete(events);
            // Always, even when the query saw no state: a rescorer may have written one since, while an event it
            // had read still existed. Now that none does, no state can be written any more.
            removed += deleteState(leadKey) ? 1 : 0;
        }
        String leadHash = ErasureAudit.leadHash(normalizedEmail);
        audit.record(leadHash, now, removed, requestId);
        return new Result(leadHash, removed, now);
    }

    private List<Map<String, AttributeValue>> keys(String leadKey) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        try {
            do {
                QueryResponse page = dynamo.query(QueryRequest.builder()
                        .tableName(tableName)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", LeadTable.PK, "#sk", LeadTable.SK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(leadKey)))
                        .projectionExpression("#pk, #sk")
                        .consistentRead(true)
                        .exclusiveStartKey(startKey)
                        .build());
                keys.addAll(page.items());
                startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey() : null;
            } while (startKey != null);
        } catch (SdkException e) {
            throw new StoreUnavailable("could not read the lead's items", e);
        }
        return keys;
    }

    private int delete(List<Map<String, AttributeValue>> keys) {
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<WriteRequest> pending = keys.subList(from, Math.min(from + BATCH, keys.size())).stream()
                    .map(k -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(k).build()).build())
                    .toList();
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > WRITE_ATTEMPTS) {
                    throw new StoreUnavailable("DynamoDB kept " + pending.size() + " deletions unprocessed", null);
                }
                if (attempt > 1) {
                    pause(attempt);
                }
                List<WriteRequest> batch = pending;
                try {
                    BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(
                            Map.of(tableName, batch)));
                    pending = response.hasUnprocessedItems()
                            ? response.unprocessedItems().getOrDefault(tableName, List.of()) : List.of();
                } catch (SdkException e) {
                    throw new StoreUnavailable("could not delete the lead's items", e);
                }
            }
        }
        return keys.size();
    }

    private boolean deleteState(String leadKey) {
        try {
            DeleteItemResponse response = dynamo.deleteItem(b -> b.tableName(tableName)
                    .key(Map.of(LeadTable.PK, AttributeValue.fromS(leadKey),
                            LeadTable.SK, AttributeValue.fromS(LeadTable.STATE_SK)))
                    .returnValues(ReturnValue.ALL_OLD));
            return response.hasAttributes() && !response.attributes().isEmpty();
        } catch (SdkException e) {
            throw new StoreUnavailable("could not delete the lead's state", e);
        }
    }

    /** Exponential back-off for unprocessed items, as DynamoDB asks: 50, 100, 200... ms. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(50L << (attempt - 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailable("interrupted while erasing", e);
        }
    }
}
