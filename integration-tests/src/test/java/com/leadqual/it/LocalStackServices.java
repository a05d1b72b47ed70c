package com.leadqual.it;

import cloud.localstack.Localstack;
import cloud.localstack.docker.annotation.LocalstackDockerConfiguration;
import com.leadqual.local.AwsServices;
import com.leadqual.local.LocalAws;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * LocalStack, started in Docker through localstack-utils, as the suite's DynamoDB, DynamoDB Streams and SQS: the
 * same integration suite then runs against a second emulation (see {@link Stack}).
 */
final class LocalStackServices implements AwsServices, AutoCloseable {
    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient streams;
    private final SqsClient sqs;

    private LocalStackServices() {
        Localstack.INSTANCE.startup(LocalstackDockerConfiguration.builder().build());
        dynamo = DynamoDbClient.builder().endpointOverride(dynamoEndpoint()).region(Region.of(LocalAws.REGION))
                .credentialsProvider(LocalAws.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        streams = DynamoDbStreamsClient.builder().endpointOverride(URI.create(Localstack.INSTANCE
                        .getEndpointDynamoDBStreams())).region(Region.of(LocalAws.REGION))
                .credentialsProvider(LocalAws.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        sqs = SqsClient.builder().endpointOverride(sqsEndpoint()).region(Region.of(LocalAws.REGION))
                .credentialsProvider(LocalAws.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Starts LocalStack, or says why it cannot run here: the reason the suite is skipped with. */
    static LocalStackServices start() {
        String missing = whyDockerIsUnavailable();
        if (missing != null) {
            throw new org.opentest4j.TestAbortedException("LocalStack needs a Docker engine and " + missing
                    + "; this suite ran against DynamoDB Local and ElasticMQ in-JVM instead");
        }
        return new LocalStackServices();
    }

    private static String whyDockerIsUnavailable() {
        try {
            Process docker = new ProcessBuilder("docker", "info").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!docker.waitFor(15, TimeUnit.SECONDS)) {
                docker.destroyForcibly();
                return "`docker info` did not answer within 15 s";
            }
            return docker.exitValue() == 0 ? null : "`docker info` found no engine (exit " + docker.exitValue() + ")";
        } catch (Exception e) {
            return "the docker command is not available (" + e.getMessage() + ")";
        }
    }

    @Override
    public URI dynamoEndpoint() {
        return URI.create(Localstack.INSTANCE.getEndpointDynamoDB());
    }

    @Override
    public URI sqsEndpoint() {
        return URI.create(Localstack.INSTANCE.getEndpointSQS());
    }

    @Override
    public DynamoDbClient dynamoDb() {
        return dynamo;
    }

    @Override
    public DynamoDbStreamsClient dynamoDbStreams() {
        return streams;
    }

    @Override
    public SqsClient sqs() {
        return sqs;
    }

    @Override
    public void close() {
        dynamo.close();
        streams.close();
        sqs.close();
        Localstack.INSTANCE.stop();
    }
}
