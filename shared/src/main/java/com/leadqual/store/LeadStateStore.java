package com.leadqual.store;

import com.leadqual.scoring.LeadEvent;
import com.leadqual.scoring.Qualification;
import com.leadqual.scoring.StageStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

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
     * Writes {@code q} as the lead's state if the stored state is still the one {@code lead} was loaded with (by
     * version), and only if it differs from it in anything a reader would see.
     *
     * <p>An erasure deletes the events, then the state, so a rescorer that loaded the lead just before it must not
     * write the state back just after. Over an existing state the version condition already stops it: the erasure
     * removes the state it would replace, or the state it wrote. A lead's first state has no version to check, so
     * that write alone is a transaction with a check that an event the scoring read still exists (twice the write
     * cost, once per lead).
     *
     * @param lead with at least one event (a lead without events has nothing to score)
     */
    public SaveResult save(StoredLead lead, Qualification q) {
        StoredState previous = lead.state();
        long expected = previous == null ? 0 : previous.version();
        Map<String, AttributeValue> item = StateItems.toItem(lead.leadKey(), q, lead.events().size(), expected + 1);
        if (previous != null && StateItems.sameOutcome(previous.item(), item)) {
            return SaveResult.UNCHANGED;
        }
        try {
            if (previous == null) {
                writeFirstState(lead, item);
            } else {
                dynamo.putItem(PutItemRequest.builder().tableName(tableName).item(item)
                        .conditionExpression("#v = :expected")
                        .expressionAttributeNames(Map.of("#v", StateItems.VERSION))
                        .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(expected))))
                        .build());
            }
            return SaveResult.WRITTEN;
        } catch (ConditionalCheckFailedException conflict) {
            return SaveResult.CONFLICT;
        } catch (TransactionCanceledException cancelled) {
            if (cancelled.hasCancellationReasons() && cancelled.cancellationReasons().stream()
                    .map(CancellationReason::code).allMatch(LeadStateStore::settlesByReloading)) {
                return SaveResult.CONFLICT;
            }
            throw new StoreUnavailable("could not write the lead's state", cancelled);
        } catch (SdkException e) {
            throw new StoreUnavailable("could not write the lead's state", e);
        }
    }

    private void writeFirstState(StoredLead lead, Map<String, AttributeValue> item) {
        Put noStateYet = Put.builder().tableName(tableName).item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", LeadTable.PK))
                .build();
        LeadEvent anEvent = lead.events().get(lead.events().size() - 1);
        ConditionCheck eventStillStored = ConditionCheck.builder().tableName(tableName)
                .key(Map.of(LeadTable.PK, AttributeValue.fromS(lead.leadKey()),
                        LeadTable.SK, AttributeValue.fromS(LeadTable.eventKey(anEvent.id()))))
                .conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", LeadTable.PK))
                .build();
        dynamo.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().put(noStateYet).build(),
                TransactWriteItem.builder().conditionCheck(eventStillStored).build()).build());
    }

    /**
     * A failed version condition or a vanished event (someone else wrote, or the lead was erased) and a concurrent
     * transaction on the same items all settle by reloading; anything else (throttling, validation) does not.
     */
    private static boolean settlesByReloading(String code) {
        return code == null || code.equals("None") || code.equals("ConditionalCheckFailed")
                || code.equals("TransactionConflict");
    }

    /** The lead's state as last written (strongly consistent), or empty when it has none. */
    public Optional<LeadState> current(String leadKey) {
        GetItemResponse response;
        try {
            response = dynamo.getItem(GetItemRequest.builder().tableName(tableName)
                    .key(Map.of(LeadTable.PK, AttributeValue.fromS(leadKey),
                            LeadTable.SK, AttributeValue.fromS(LeadTable.STATE_SK)))
                    .consistentRead(true)
                    .build());
        } catch (SdkException e) {
            throw new StoreUnavailable("could not read the lead's state", e);
        }
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(StateItems.fromItem(response.item())) : Optional.empty();
    }
}
