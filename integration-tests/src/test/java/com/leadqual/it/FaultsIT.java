package com.leadqual.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.leadqual.aws.AwsClients;
import com.leadqual.intake.AcceptedEvent;
import com.leadqual.intake.FormSubmissions;
import com.leadqual.store.LeadEventStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What happens when DynamoDB fails halfway: ingest never answers 2xx without having stored the event, a
 * rescoring that fails is retried, and after recovery everything accepted is scored.
 */
class FaultsIT {
    private final Stack stack = Stack.get();
    private FaultyProxy proxy;
    private DynamoDbClient throughProxy;

    @BeforeEach
    void setUp() throws Exception {
        stack.reset();
        proxy = new FaultyProxy(stack.aws.dynamoEndpoint().getPort());
        // Configured exactly as the functions' clients are (timeouts, HTTP client), only pointed at the proxy.
        throughProxy = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + proxy.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(AwsClients.httpClient())
                .overrideConfiguration(AwsClients.timeouts())
                .build();
    }

    @AfterEach
    void tearDown() throws Exception {
        throughProxy.close();
        proxy.close();
    }

    private int post(String email, String key) {
        String body = FormIngestIT.form(email).put("formType", "pricing_inquiry").toString();
        JsonNode response = ApiEvents.parse(Lambdas.invoke(Functions.formIngest(stack, throughProxy),
                ApiEvents.sample("form-ingest-json.json").body(body).header("idempotency-key", key).json()));
        return response.path("statusCode").asInt();
    }

    @Test
    void duringAnOutageIngestAnswersRetryableErrorsNeverSuccessWithoutStoringAndRetriesCatchUp() {
        Map<String, Integer> first = new LinkedHashMap<>();
        FaultyProxy.Mode[] phases = {FaultyProxy.Mode.PASS, FaultyProxy.Mode.REFUSE, FaultyProxy.Mode.BLACKHOLE,
                FaultyProxy.Mode.PASS};
        int[] formsPerPhase = {4, 4, 1, 3};
        int n = 0;
        for (int phase = 0; phase < phases.length; phase++) {
            proxy.mode(phases[phase]);
            for (int i = 0; i < formsPerPhase[phase]; i++, n++) {
                String email = "outage" + n + "@northwind-analytics.com";
                long started = System.nanoTime();
                first.put(email, post(email, "outage-" + n));
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .as("an unreachable store is reported well inside the function timeout")
                        .isLessThan(Duration.ofSeconds(10));
            }
        }

        assertThat(first.values()).containsOnly(202, 503).contains(202, 503);
        first.forEach((email, status) -> {
            if (status == 202) {
                assertThat(stack.eventCount(email)).as(email + " was answered 202").isEqualTo(1);
            }
        });

        // The clients retry what was refused, with the same idempotency key.
        proxy.mode(FaultyProxy.Mode.PASS);
        int i = 0;
        for (Map.Entry<String, Integer> form : first.entrySet()) {
            if (form.getValue() == 503) {
                assertThat(post(form.getKey(), "outage-" + i)).isEqualTo(202);
            }
            i++;
        }
        first.keySet().forEach(email -> assertThat(stack.eventCount(email)).as(email).isEqualTo(1));

        stack.pipe.pollOnce();
        drain();
        first.keySet().forEach(email -> assertThat(stack.state(email)).as(email + " is scored").isNotNull());
    }

    private void drain() {
        var source = Functions.rescoreEventSource(stack, Functions.rescore(stack, Clock.systemUTC()));
        for (int i = 0; i < 20 && source.pollOnce(Duration.ZERO).received() > 0; i++) {
            // keep going until the queue is empty
        }
    }

    @Test
    void aRescoreThatFailsMidOutageIsRetriedAndScoresAfterRecovery() {
        post("retry@northwind-analytics.com", "retry-1");
        stack.pipe.pollOnce();
        var failing = Functions.rescoreEventSource(stack, Functions.rescore(stack, throughProxy, Clock.systemUTC()));

        proxy.mode(FaultyProxy.Mode.REFUSE);
        var attempt = failing.pollOnce(Duration.ZERO);
        assertThat(attempt.failed()).isEqualTo(1);
        assertThat(stack.state("retry@northwind-analytics.com")).isNull();

        proxy.mode(FaultyProxy.Mode.PASS);
        var retry = failing.pollOnce(Duration.ZERO);
        assertThat(retry.received()).isEqualTo(1);
        assertThat(retry.failed()).isZero();
        assertThat(stack.state("retry@northwind-analytics.com")).isNotNull();
    }

    @Test
    void anEventStoredByAFunctionThatCrashedRightAfterItsWriteIsStillScored() {
        // The handler's one write happens, then the container dies before answering or doing anything else.
        AcceptedEvent event = FormSubmissions.parse("application/json",
                FormIngestIT.form("crash@northwind-analytics.com").toString().getBytes(StandardCharsets.UTF_8))
                .toEvent("crash-1", Instant.now());
        assertThat(new LeadEventStore(stack.dynamo(), stack.table()).append(event)).isTrue();

        assertThat(stack.pipe.pollOnce()).isEqualTo(1);
        drain();
        assertThat(stack.state("crash@northwind-analytics.com")).isNotNull();
    }
}
