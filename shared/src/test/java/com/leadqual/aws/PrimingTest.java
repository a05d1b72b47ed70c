package com.leadqual.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** While priming, a request is marshalled and signed as always, and never handed to the HTTP client. */
class PrimingTest {
    /** Records what reaches the network layer; refuses to send anything. */
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<String> signed = new CopyOnWriteArrayList<>();
    private final SdkHttpClient network = new SdkHttpClient() {
        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            sent.add(request.httpRequest().getUri().toString());
            throw new IllegalStateException("no network in this test");
        }

        @Override
        public void close() {
        }
    };

    private DynamoDbClient client() {
        return DynamoDbClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClient(Priming.unsentWhilePriming(network))
                .overrideConfiguration(AwsClients.timeouts().toBuilder().addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        context.httpRequest().firstMatchingHeader("Authorization").ifPresent(signed::add);
                    }
                }).build())
                .build();
    }

    private static void put(DynamoDbClient client) {
        client.putItem(b -> b.tableName("LeadsTable").item(Map.of("pk", AttributeValue.fromS("LEAD#"
                + Priming.LEAD_EMAIL), "sk", AttributeValue.fromS("EVENT#1"))));
    }

    @Test
    void aWriteWhilePrimingIsSignedAndAnsweredWithoutBeingSent() {
        try (DynamoDbClient client = client()) {
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            Priming.prime("Test", () -> {
                try {
                    put(client);
                } catch (DynamoDbException notSent) {
                    failures.add(notSent);
                }
            });

            assertThat(sent).isEmpty();
            assertThat(signed).singleElement().asString().startsWith("AWS4-HMAC-SHA256");
            assertThat(failures).singleElement().satisfies(e -> {
                assertThat(((DynamoDbException) e).statusCode()).isEqualTo(400);
                assertThat(e.getMessage()).contains("not sent: SnapStart priming");
            });
        }
    }

    @Test
    void outsidePrimingRequestsGoToTheNetwork() {
        try (DynamoDbClient client = client()) {
            Priming.prime("Test", () -> { });

            assertThatThrownBy(() -> put(client)).hasMessageContaining("no network in this test");
            assertThat(sent).isNotEmpty();
        }
    }

    @Test
    void aFailingPrimingIsSwallowedAndEndsPriming() {
        try (DynamoDbClient client = client()) {
            Priming.prime("Test", () -> {
                throw new IllegalStateException("boom");
            });

            assertThat(Priming.priming()).isFalse();
            assertThatThrownBy(() -> put(client)).hasMessageContaining("no network in this test");
        }
    }
}
