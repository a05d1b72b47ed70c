package com.leadqual.store;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** Finds the leads to rescore through the sparse indexes: reads scale with the leads found, not the table. */
public final class DueLeads {
    private final DynamoDbClient dynamo;
    private final String tableName;

    public DueLeads(DynamoDbClient dynamo, String tableName) {
        this.dynamo = dynamo;
        this.tableName = tableName;
    }

    /** Every lead whose score changes at or before {@code now} (decay or a window), shard by shard. */
    public void dueBy(Instant now, Consumer<String> leadKeys) {
        for (int shard = 0; shard < LeadTable.DUE_SHARDS; shard++) {
            Map<String, AttributeValue> startKey = null;
            do {
                QueryResponse page = dynamo.query(QueryRequest.builder()
                        .tableName(tableName)
                        .indexName(LeadTable.DUE_INDEX)
                        .keyConditionExpression("#shard = :shard AND #due <= :now")
                        .expressionAttributeNames(Map.of("#shard", LeadTable.DUE_SHARD, "#due", LeadTable.DUE_AT))
                        .expressionAttributeValues(Map.of(
                                ":shard", AttributeValue.fromS(LeadTable.dueShard(shard)),
                                ":now", AttributeValue.fromS(now.toString())))
                        .exclusiveStartKey(startKey)
                        .build());
                page.items().forEach(item -> leadKeys.accept(item.get(LeadTable.PK).s()));
                startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (startKey != null);
        }
    }

    /**
     * Every lead last scored by a ruleset other than {@code currentVersion}. Scans the keys-only rules index,
     * which holds one small entry per scored lead and no events.
     */
    public void scoredByOtherRules(String currentVersion, Consumer<String> leadKeys) {
        Map<String, AttributeValue> startKey = null;
        do {
            ScanResponse page = dynamo.scan(ScanRequest.builder()
                    .tableName(tableName)
                    .indexName(LeadTable.RULES_VERSION_INDEX)
                    .filterExpression("#rules <> :current")
                    .expressionAttributeNames(Map.of("#rules", LeadTable.RULES_VERSION))
                    .expressionAttributeValues(Map.of(":current", AttributeValue.fromS(currentVersion)))
                    .exclusiveStartKey(startKey)
                    .build());
            page.items().forEach(item -> leadKeys.accept(item.get(LeadTable.PK).s()));
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
    }
}

