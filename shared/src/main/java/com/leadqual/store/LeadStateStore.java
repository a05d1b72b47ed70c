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
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
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
     * version), and only if it differs from it in anything a reader would see. The write is one transaction with a
     * check that an event the scoring read still exists: an erasure deletes the events before the state, so a
     * rescorer that loaded a lead just before its erasure cannot write its state back just after (for a lead never
     * scored, "no state yet" alone would let it).
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
        Put.Builder put = Put.builder().tableName(tableName).item(item);
        if (previous == null) {
            put.conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", LeadTable.PK));
        } else {
            put.conditionExpression("#v = :expected")
                    .expressionAttributeNames(Map.of("#v", StateItems.VERSION))
                    .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(expected))));
        }
        LeadEvent anEvent = lead.events().get(lead.events().size() - 1);
        ConditionCheck eventStillStored = ConditionCheck.builder().tableName(tableName)
                .key(Map.of(LeadTable.PK, AttributeValue.fromS(lead.leadKey()),
                        LeadTable.SK, AttributeValue.fromS(LeadTable.eventKey(anEvent.id()))))
                .conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", LeadTable.PK))
                .build();
        try {
            dynamo.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(
                    TransactWriteItem.builder().put(put.build()).build(),
                    TransactWriteItem.builder().conditionCheck(eventStillStored).build()).build());
            return SaveResult.WRITTEN;
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
