package com.leadqual.store;

import com.leadqual.scoring.LeadEvent;
import com.leadqual.scoring.Qualification;
import com.leadqual.scoring.StageStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Reads a lead's events and state in one query, and writes its state with optimistic locking. */
public final class LeadStateStore {
    private final DynamoDbClient dynamo;
    private final String tableName;

    public LeadStateStore(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    /** What is stored under one lead key. {@code state} is null for a lead never scored. */
    public record StoredLead(String leadKey, List<LeadEvent> events, StoredState state) {
    }

    /** The state item as last written, with its version for the conditional write. */
    public record StoredState(Map<String, AttributeValue> item, long version, StageStatus status) {
    }

    public enum SaveResult {
        WRITTEN,
        /** Nothing a reader would see changed, so nothing was written (and nothing reached the stream). */
        UNCHANGED,
        /** Someone else wrote the state since it was read: reload and score again. */
        CONFLICT
    }

    /** The partition holds the events and the state item; one strongly consistent query reads both. */
    public StoredLead load(String leadKey) {
        List<LeadEvent> events = new ArrayList<>();
        StoredState state = null;
        Map<String, AttributeValue> startKey = null;
        do {
            QueryResponse page = dynamo.query(QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", LeadTable.PK))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(leadKey)))
                    .consistentRead(true)
                    .exclusiveStartKey(startKey)
                    .build());
            for (Map<String, AttributeValue> item : page.items()) {
                String sk = item.get(LeadTable.SK).s();
                if (sk.startsWith(LeadTable.EVENT_SK_PREFIX)) {
                    events.add(EventItems.fromItem(item));
                } else if (sk.equals(LeadTable.STATE_SK)) {
                    state = new StoredState(item, StateItems.version(item), StateItems.status(item));
                }
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return new StoredLead(leadKey, List.copyOf(events), state);
    }

    /**
     * Writes {@code q} as the lead's state if the stored state is still {@code previous} (by version), and only
     * if it differs from it in anything a reader would see.
     */
    public SaveResult save(String leadKey, Qualification q, int eventCount, StoredState previous) {
        long expected = previous == null ? 0 : previous.version();
        Map<String, AttributeValue> item = StateItems.toItem(leadKey, q, eventCount, expected + 1);
        if (previous != null && StateItems.sameOutcome(previous.item(), item)) {
            return SaveResult.UNCHANGED;
        }
        PutItemRequest.Builder put = PutItemRequest.builder().tableName(tableName).item(item);
        if (previous == null) {
            put.conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", LeadTable.PK));
        } else {
            put.conditionExpression("#v = :expected")
                    .expressionAttributeNames(Map.of("#v", StateItems.VERSION))
                    .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(expected))));
        }
        try {
            dynamo.putItem(put.build());
            return SaveResult.WRITTEN;
        } catch (ConditionalCheckFailedException conflict) {
            return SaveResult.CONFLICT;
        } catch (SdkException e) {
            throw new StoreUnavailable("could not write the lead's state", e);
        }
    }
}
