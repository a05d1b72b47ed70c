package com.leadqual.aws;

import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SDK clients for a Lambda container: region and credentials straight from the variables Lambda sets (no
 * provider-chain probing at cold start) and the JDK's URL connection instead of Apache or Netty. No endpoint is
 * configured here: the SDK itself honours AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL_SQS, which is how tests
 * and the local runner point functions at DynamoDB Local and ElasticMQ.
 */
public final class AwsClients {
    /**
     * A slow or unreachable service must turn into a retryable error well inside the function's timeout, so a
     * caller gets a 503 it can retry instead of a gateway timeout that says nothing about what was stored.
     */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(6);

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb() {
        return build(DynamoDbClient.builder());
    }

    /** Configures any service's sync client builder the same way, so every function's clients agree. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        return builder
                .region(Region.of(Env.required("AWS_REGION")))
                .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                .httpClient(httpClient())
                .overrideConfiguration(timeouts())
                .build();
    }

    /** The JDK's URL connection, which sends nothing while a SnapStart priming hook runs ({@link Priming}). */
    public static SdkHttpClient httpClient() {
        return Priming.unsentWhilePriming(UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(ATTEMPT_TIMEOUT)
                .build());
    }

    public static ClientOverrideConfiguration timeouts() {
        return ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .apiCallTimeout(CALL_TIMEOUT)
                .build();
    }
}
