package com.leadqual.store;

import com.leadqual.intake.Hashing;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The record of erasures, keyed only by the SHA-256 of the normalized email: it proves that an address presented
 * later was erased, and when, without keeping the address. (A hash of an address is pseudonymous, not anonymous:
 * whoever guesses the address can check it. That is what an audit needs and all it allows.)
 */
public final class ErasureAudit {
    static final String LEAD_HASH = "leadHash";
    static final String ERASED_AT = "erasedAt";
    static final String ITEMS_REMOVED = "itemsRemoved";
    static final String REQUEST_ID = "requestId";

    /** Fixed width, so the sort keys order as the instants do (Instant.toString drops zero fractions). */
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String tableName;

    public ErasureAudit(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    /** SHA-256 of the normalized email, hex: the only trace of the address an erasure keeps. */
    public static String leadHash(String normalizedEmail) {
        return Hashing.sha256Hex(normalizedEmail.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, AttributeValue> item(String leadHash, Instant erasedAt, int itemsRemoved, String requestId) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LeadTable.PK, AttributeValue.fromS(LeadTable.ERASURE_PREFIX + leadHash));
        item.put(LeadTable.SK, AttributeValue.fromS(LeadTable.ERASED_SK_PREFIX + SORTABLE.format(erasedAt)));
        item.put(LEAD_HASH, AttributeValue.fromS(leadHash));
        item.put(ERASED_AT, AttributeValue.fromS(erasedAt.toString()));
        item.put(ITEMS_REMOVED, AttributeValue.fromN(Integer.toString(itemsRemoved)));
        if (requestId != null) {
            item.put(REQUEST_ID, AttributeValue.fromS(requestId));
        }
        return item;
    }

    void record(String leadHash, Instant erasedAt, int itemsRemoved, String requestId) {
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(tableName)
                    .item(item(leadHash, erasedAt, itemsRemoved, requestId)).build());
        } catch (SdkException e) {
            throw new StoreUnavailable("could not record the erasure", e);
        }
    }

    /**
     * True when the lead was erased at or after {@code since} (same millisecond included): a state written
     * before that must not be acted on any more.
     */
    public boolean erasedSince(String normalizedEmail, Instant since) {
        try {
            return dynamo.query(QueryRequest.builder().tableName(tableName)
                    .keyConditionExpression("#pk = :pk AND #sk >= :since")
                    .expressionAttributeNames(Map.of("#pk", LeadTable.PK, "#sk", LeadTable.SK))
                    .expressionAttributeValues(Map.of(
                            ":pk", AttributeValue.fromS(LeadTable.ERASURE_PREFIX + leadHash(normalizedEmail)),
                            ":since", AttributeValue.fromS(LeadTable.ERASED_SK_PREFIX + SORTABLE.format(since))))
                    .consistentRead(true)
                    .limit(1)
                    .build()).count() > 0;
        } catch (SdkException e) {
            throw new StoreUnavailable("could not read the erasure record", e);
        }
    }
}
