package com.leadqual.store;

import com.leadqual.intake.AcceptedEvent;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Stores accepted lead events. Acceptance is exactly one conditional PutItem: the table's stream (through the
 * pipe) then asks for the lead to be rescored, so there is no second call that could fail after the first.
 */
public final class LeadEventStore {
    private final DynamoDbClient dynamo;
    private final String tableName;

    public LeadEventStore(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    /**
     * @return true when the event was stored, false when an event with the same id already was (a replayed
     *     delivery): the stored one is kept untouched.
     * @throws StoreUnavailable when DynamoDB failed; the caller must answer a retryable error, never success.
     */
    public boolean append(AcceptedEvent event) {
        try {
            dynamo.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(EventItems.toItem(event))
                    .conditionExpression("attribute_not_exists(" + LeadTable.PK + ")")
                    .build());
            return true;
        } catch (ConditionalCheckFailedException duplicate) {
            return false;
        } catch (SdkException e) {
            throw new StoreUnavailable("could not store the lead event", e);
        }
    }
}
