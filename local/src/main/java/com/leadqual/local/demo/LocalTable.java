package com.leadqual.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.leadqual.store.LeadTable;
import com.leadqual.store.StateItems;
import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The running runner's leads table, reached through the endpoints and names its {@code /_local/info} gives. */
final class LocalTable implements AutoCloseable {
    final String name;
    final String streamArn;
    final DynamoDbClient dynamo;
    final DynamoDbStreamsClient streams;

    private LocalTable(String name, String streamArn, DynamoDbClient dynamo, DynamoDbStreamsClient streams) {
        this.name = name;
        this.streamArn = streamArn;
        this.dynamo = dynamo;
        this.streams = streams;
    }

    /** The table with a stream (the leads table), and clients for the runner's DynamoDB endpoint. */
    static LocalTable of(JsonNode info) {
        String name = null;
        String streamArn = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = info.path("tables").fields(); it.hasNext(); ) {
            JsonNode table = it.next().getValue();
            if (table.has("streamArn")) {
                name = table.path("name").asText();
                streamArn = table.path("streamArn").asText();
                break;
            }
        }
        if (name == null) {
            throw new IllegalStateException("the runner has no table with a stream");
        }
        URI endpoint = URI.create(info.path("dynamodb").asText());
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                info.path("accessKeyId").asText(), info.path("secretAccessKey").asText()));
        Region region = Region.of(info.path("region").asText());
        return new LocalTable(name, streamArn,
                DynamoDbClient.builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials)
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(region)
                        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build());
    }

    /** Every item of one lead: its events and its state, read consistently. */
    List<Map<String, AttributeValue>> lead(String email) {
        return dynamo.query(b -> b.tableName(name).keyConditionExpression("#pk = :pk").consistentRead(true)
                .expressionAttributeNames(Map.of("#pk", LeadTable.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(LeadTable.leadKey(email))))).items();
    }

    /** The lead's state item if every stored event of it has been scored, else null. */
    static Map<String, AttributeValue> scoredState(List<Map<String, AttributeValue>> items) {
        long events = items.stream().filter(i -> i.get(LeadTable.SK).s().startsWith(LeadTable.EVENT_SK_PREFIX))
                .count();
        return items.stream().filter(i -> i.get(LeadTable.SK).s().equals(LeadTable.STATE_SK))
                .filter(i -> events > 0 && Long.parseLong(i.get(StateItems.EVENT_COUNT).n()) == events)
                .findFirst().orElse(null);
    }

    @Override
    public void close() {
        dynamo.close();
        streams.close();
    }
}
