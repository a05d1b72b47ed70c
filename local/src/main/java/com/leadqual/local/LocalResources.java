package com.leadqual.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Creates the template's tables and queues where {@link AwsServices} point (LocalAws, or LocalStack), idempotently.
 * Why idempotent: with a DynamoDB data dir the local runner restarts onto existing tables, whose data must survive.
 */
public final class LocalResources {
    private LocalResources() {
    }

    /** Creates what is missing, keeps what exists, and returns the physical names of everything. */
    public static LocalNames provision(SamTemplate template, AwsServices aws) {
        Map<String, String> tableNames = new LinkedHashMap<>();
        Map<String, String> streamArns = new LinkedHashMap<>();
        for (SamTemplate.Table table : template.tables()) {
            TableDescription d = ensureTable(aws.dynamoDb(), table);
            tableNames.put(table.logicalId(), table.tableName());
            if (d.latestStreamArn() != null) {
                streamArns.put(table.logicalId(), d.latestStreamArn());
            }
        }
        Map<String, String> queueUrls = new LinkedHashMap<>();
        Map<String, String> queueArns = new LinkedHashMap<>();
        for (SamTemplate.Queue queue : template.queues()) { // dead-letter queues come first
            String url = ensureQueue(aws.sqs(), queue, queueArns);
            queueUrls.put(queue.logicalId(), url);
            queueArns.put(queue.logicalId(), aws.sqs().getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN));
        }
        return new LocalNames(tableNames, queueUrls, queueArns, streamArns);
    }

    private static TableDescription ensureTable(DynamoDbClient ddb, SamTemplate.Table t) {
        TableDescription existing;
        try {
            existing = ddb.describeTable(b -> b.tableName(t.tableName())).table();
        } catch (ResourceNotFoundException e) {
            existing = null;
        }
        if (existing == null) {
            List<AttributeDefinition> attrs = new ArrayList<>();
            t.attributeTypes().forEach((name, type) ->
                    attrs.add(AttributeDefinition.builder().attributeName(name).attributeType(type).build()));
            CreateTableRequest.Builder req = CreateTableRequest.builder()
                    .tableName(t.tableName())
                    // Capacity means nothing locally; on-demand avoids per-index throughput settings.
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attrs)
                    .keySchema(keys(t.keySchema()));
            if (!t.globalSecondaryIndexes().isEmpty()) {
                req.globalSecondaryIndexes(t.globalSecondaryIndexes().stream().map(i -> GlobalSecondaryIndex.builder()
                        .indexName(i.name()).keySchema(keys(i.keySchema())).projection(projection(i)).build()).toList());
            }
            if (!t.localSecondaryIndexes().isEmpty()) {
                req.localSecondaryIndexes(t.localSecondaryIndexes().stream().map(i -> LocalSecondaryIndex.builder()
                        .indexName(i.name()).keySchema(keys(i.keySchema())).projection(projection(i)).build()).toList());
            }
            if (t.streamViewType() != null) {
                req.streamSpecification(s -> s.streamEnabled(true).streamViewType(t.streamViewType()));
            }
            ddb.createTable(req.build());
            ddb.waiter().waitUntilTableExists(b -> b.tableName(t.tableName()));
            existing = ddb.describeTable(b -> b.tableName(t.tableName())).table();
        }
        if (t.ttlAttribute() != null) {
            TimeToLiveStatus status = ddb.describeTimeToLive(b -> b.tableName(t.tableName()))
                    .timeToLiveDescription().timeToLiveStatus();
            if (status != TimeToLiveStatus.ENABLED && status != TimeToLiveStatus.ENABLING) {
                ddb.updateTimeToLive(b -> b.tableName(t.tableName())
                        .timeToLiveSpecification(s -> s.attributeName(t.ttlAttribute()).enabled(true)));
            }
        }
        return existing;
    }

    private static List<KeySchemaElement> keys(SamTemplate.KeySchema k) {
        List<KeySchemaElement> out = new ArrayList<>();
        out.add(KeySchemaElement.builder().attributeName(k.hashKey()).keyType(KeyType.HASH).build());
        if (k.rangeKey() != null) {
            out.add(KeySchemaElement.builder().attributeName(k.rangeKey()).keyType(KeyType.RANGE).build());
        }
        return out;
    }

    private static Projection projection(SamTemplate.Index i) {
        Projection.Builder p = Projection.builder().projectionType(i.projectionType());
        if (!i.nonKeyAttributes().isEmpty()) {
            p.nonKeyAttributes(i.nonKeyAttributes());
        }
        return p.build();
    }

    private static String ensureQueue(SqsClient sqs, SamTemplate.Queue q, Map<String, String> arnsSoFar) {
        Map<QueueAttributeName, String> attrs = new LinkedHashMap<>();
        if (q.visibilityTimeout() != null) {
            attrs.put(QueueAttributeName.VISIBILITY_TIMEOUT, q.visibilityTimeout().toString());
        }
        if (q.messageRetentionPeriod() != null) {
            attrs.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, q.messageRetentionPeriod().toString());
        }
        if (q.delaySeconds() != null) {
            attrs.put(QueueAttributeName.DELAY_SECONDS, q.delaySeconds().toString());
        }
        if (q.redrive() != null) {
            String dlqArn = arnsSoFar.get(q.redrive().deadLetterQueueId());
            // Why a queue attribute: ElasticMQ then moves a message after maxReceiveCount receives, as SQS does.
            attrs.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                    + "\",\"maxReceiveCount\":" + q.redrive().maxReceiveCount() + "}");
        }
        String url;
        try {
            url = sqs.getQueueUrl(b -> b.queueName(q.queueName())).queueUrl();
        } catch (QueueDoesNotExistException e) {
            Map<QueueAttributeName, String> create = new LinkedHashMap<>(attrs);
            if (q.fifo()) {
                create.put(QueueAttributeName.FIFO_QUEUE, "true");
                create.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
                        Boolean.toString(q.contentBasedDeduplication()));
            }
            return sqs.createQueue(b -> b.queueName(q.queueName()).attributes(create)).queueUrl();
        }
        // Existing queue (same JVM run): keep its messages, bring its settings in line with the template.
        if (!attrs.isEmpty()) {
            String existingUrl = url;
            sqs.setQueueAttributes(b -> b.queueUrl(existingUrl).attributes(attrs));
        }
        return url;
    }
}
