package com.leadqual.bench.sdkput;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The yardstick of the cold-start bench: a handler that puts one item with a DynamoDB client built with every
 * SDK default, as a first Lambda function would. The functions are tuned; this is what they are tuned from.
 */
public final class SdkDefaultsPutHandler implements RequestStreamHandler {
    private final DynamoDbClient dynamo = DynamoDbClient.create();
    private final String table = System.getenv("TABLE_NAME");

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        dynamo.putItem(b -> b.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS("LEAD#sdk-put@northwind-analytics.com"),
                "sk", AttributeValue.fromS("EVENT#" + context.getAwsRequestId()))));
        output.write("{\"statusCode\":200,\"body\":\"put\"}".getBytes(StandardCharsets.UTF_8));
    }
}
