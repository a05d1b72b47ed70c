package com.leadqual.it;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.localstack.Localstack;
import cloud.localstack.docker.annotation.LocalstackDockerConfiguration;
import com.fasterxml.jackson.databind.JsonNode;
import com.leadqual.functions.form.AllowList;
import com.leadqual.functions.form.FormIngestHandler;
import com.leadqual.functions.form.FormRoute;
import com.leadqual.local.SamTemplate;
import com.leadqual.scoring.Ruleset;
import com.leadqual.store.LeadEventStore;
import com.leadqual.store.LeadRescorer;
import com.leadqual.store.LeadStateStore;
import com.leadqual.store.LeadTable;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/**
 * The ingest-to-state scenario against LocalStack, through localstack-utils. LocalStack runs in Docker; where no
 * Docker engine answers (as on the project's build machines) this class is skipped with that reason, and the
 * same scenario is covered by the DynamoDB Local + ElasticMQ suite. Run alone with {@code -Plocalstack}.
 */
@EnabledIf(value = "dockerAvailable",
        disabledReason = "no Docker engine answers `docker info` here: LocalStack needs one; "
                + "the same scenarios ran against DynamoDB Local and ElasticMQ in-JVM")
class LocalStackIT {
    private static DynamoDbClient dynamo;

    static boolean dockerAvailable() {
        try {
            Process docker = new ProcessBuilder("docker", "info").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return docker.waitFor(15, TimeUnit.SECONDS) && docker.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @BeforeAll
    static void startLocalStack() {
        Localstack.INSTANCE.startup(LocalstackDockerConfiguration.builder().build());
        dynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create(Localstack.INSTANCE.getEndpointDynamoDB()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        SamTemplate.Table table = SamTemplate.load(Stack.TEMPLATE).tables().get(0);
        dynamo.createTable(b -> b.tableName(table.tableName())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(LeadTable.PK).attributeType("S").build(),
                        AttributeDefinition.builder().attributeName(LeadTable.SK).attributeType("S").build())
                .keySchema(KeySchemaElement.builder().attributeName(LeadTable.PK).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(LeadTable.SK).keyType(KeyType.RANGE).build()));
    }

    @AfterAll
    static void stopLocalStack() {
        if (dynamo != null) {
            dynamo.close();
        }
        Localstack.INSTANCE.stop();
    }

    @Test
    void aFormIsStoredOnceAndScored() {
        String table = SamTemplate.load(Stack.TEMPLATE).tables().get(0).tableName();
        FormIngestHandler form = new FormIngestHandler(new FormRoute(new LeadEventStore(dynamo, table),
                AllowList.parse("https://www.example.com"), AllowList.parse("https://www.example.com/thank-you"),
                Clock.systemUTC()), Lambdas.LOG::add);
        String event = ApiEvents.sample("form-ingest-json.json").json();

        assertThat(ApiEvents.parse(Lambdas.invoke(form, event)).path("statusCode").asInt()).isEqualTo(202);
        JsonNode replay = ApiEvents.parse(ApiEvents.parse(Lambdas.invoke(form, event)).path("body").asText());
        assertThat(replay.path("duplicate").asBoolean()).isTrue();

        String lead = LeadTable.leadKey("dana.reyes@northwind-analytics.com");
        LeadRescorer.Outcome outcome = new LeadRescorer(new LeadStateStore(dynamo, table), Ruleset.defaults(), 3)
                .rescore(lead, Instant.now()).outcome();
        assertThat(outcome).isEqualTo(LeadRescorer.Outcome.WRITTEN);
    }
}
