package com.leadqual.local;

import java.net.URI;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the services the template needs answer: DynamoDB (and its streams) and SQS. {@link LocalAws} serves them
 * in this JVM; the integration suite can also run against LocalStack through the same view.
 */
public interface AwsServices {
    URI dynamoEndpoint();

    URI sqsEndpoint();

    DynamoDbClient dynamoDb();

    DynamoDbStreamsClient dynamoDbStreams();

    SqsClient sqs();
}
