package com.leadqual.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** A reader polls a caught-up stream with one GetRecords, yet never skips or repeats a record. */
class StreamReaderTest {
    /** Requests by operation name. */
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    @Test
    void keepsTheShardListAndTheNextIteratorBetweenPolls() throws Exception {
        try (LocalAws aws = LocalAws.start(LocalAws.Options.inMemory());
             DynamoDbStreamsClient streams = countingStreams(aws)) {
            SamTemplate template = SamTemplate.load(SamTemplateTest.REPO_TEMPLATE);
            LocalNames names = LocalResources.provision(template, aws);
            StreamReader reader = new StreamReader(streams, names.streamArn("LeadsTable"));
            put(aws, 0, 3);
            StreamPosition position = new StreamPosition();
            List<String> read = new ArrayList<>();

            assertThat(reader.readAvailable(position, 10, records -> records.forEach(r -> read.add(key(r)))))
                    .isEqualTo(3);
            requests.clear();
            assertThat(reader.readAvailable(position, 10, records -> records.forEach(r -> read.add(key(r)))))
                    .isZero();
            assertThat(counts()).isEqualTo(Map.of("GetRecords", 1));

            put(aws, 3, 2);
            requests.clear();
            assertThat(reader.readAvailable(position, 10, records -> records.forEach(r -> read.add(key(r)))))
                    .isEqualTo(2);
            assertThat(counts()).isEqualTo(Map.of("GetRecords", 2)); // the records, then caught up
            assertThat(read).containsExactly("EVENT#0", "EVENT#1", "EVENT#2", "EVENT#3", "EVENT#4");

            // Another position starts where it says, not where the kept iterator points.
            List<String> again = new ArrayList<>();
            assertThat(reader.readAvailable(new StreamPosition(), 10,
                    records -> records.forEach(r -> again.add(key(r))))).isEqualTo(5);
            assertThat(again).isEqualTo(read);
        }
    }

    @Test
    void aFailedBatchIsReadAgainNextPoll() throws Exception {
        try (LocalAws aws = LocalAws.start(LocalAws.Options.inMemory());
             DynamoDbStreamsClient streams = countingStreams(aws)) {
            SamTemplate template = SamTemplate.load(SamTemplateTest.REPO_TEMPLATE);
            LocalNames names = LocalResources.provision(template, aws);
            StreamReader reader = new StreamReader(streams, names.streamArn("LeadsTable"));
            StreamPosition position = new StreamPosition();
            assertThat(reader.readAvailable(position, 10, records -> { })).isZero(); // caught up, iterator kept
            put(aws, 0, 2);
            List<String> read = new ArrayList<>();
            try {
                reader.readAvailable(position, 10, records -> {
                    throw new IllegalStateException("the function failed");
                });
            } catch (IllegalStateException expected) {
                // the position stays before the batch
            }
            assertThat(reader.readAvailable(position, 10, records -> records.forEach(r -> read.add(key(r)))))
                    .isEqualTo(2);
            assertThat(read).containsExactly("EVENT#0", "EVENT#1");
        }
    }

    private DynamoDbStreamsClient countingStreams(LocalAws aws) {
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                requests.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                        k -> new AtomicInteger()).incrementAndGet();
            }
        };
        return DynamoDbStreamsClient.builder().endpointOverride(aws.dynamoEndpoint()).region(Region.of(LocalAws.REGION))
                .credentialsProvider(LocalAws.credentials()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        requests.forEach((op, n) -> out.put(op, n.get()));
        return out;
    }

    private static void put(LocalAws aws, int from, int count) {
        for (int i = from; i < from + count; i++) {
            int n = i;
            aws.dynamoDb().putItem(b -> b.tableName("LeadsTable").item(Map.of(
                    "pk", AttributeValue.fromS("LEAD#reader@x.io"), "sk", AttributeValue.fromS("EVENT#" + n))));
        }
    }

    private static String key(com.fasterxml.jackson.databind.node.ObjectNode record) {
        return record.path("dynamodb").path("Keys").path("sk").path("S").asText();
    }
}
