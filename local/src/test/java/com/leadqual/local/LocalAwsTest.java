package com.leadqual.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class LocalAwsTest {

    @Test
    void startsBothServersOnLoopbackAndServesRequests() {
        try (LocalAws aws = LocalAws.start(LocalAws.Options.inMemory())) {
            assertThat(aws.dynamoEndpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(aws.sqsEndpoint().getPort()).isNotEqualTo(aws.dynamoEndpoint().getPort());
            assertThat(aws.dynamoDb().listTables().tableNames()).isEmpty();
            String url = aws.sqs().createQueue(b -> b.queueName("smoke")).queueUrl();
            assertThat(url).startsWith(aws.sqsEndpoint().toString());
            aws.sqs().sendMessage(b -> b.queueUrl(url).messageBody("hi"));
            assertThat(aws.sqs().receiveMessage(b -> b.queueUrl(url)).messages())
                    .extracting(m -> m.body()).containsExactly("hi");
        }
    }

    @Test
    void dataSurvivesARestartWithADataDir(@TempDir Path dir) {
        try (LocalAws aws = LocalAws.start(LocalAws.Options.dataDir(dir))) {
            aws.dynamoDb().createTable(b -> b.tableName("Persisted").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
            aws.dynamoDb().putItem(b -> b.tableName("Persisted")
                    .item(Map.of("pk", AttributeValue.fromS("LEAD#a@b.co"), "v", AttributeValue.fromN("7"))));
        }
        try (LocalAws aws = LocalAws.start(LocalAws.Options.dataDir(dir))) {
            var item = aws.dynamoDb().getItem(b -> b.tableName("Persisted")
                    .key(Map.of("pk", AttributeValue.fromS("LEAD#a@b.co")))).item();
            assertThat(item).containsEntry("v", AttributeValue.fromN("7"));
        }
    }

    @Test
    void inMemoryDataIsGoneAfterARestart() {
        try (LocalAws aws = LocalAws.start(LocalAws.Options.inMemory())) {
            aws.dynamoDb().createTable(b -> b.tableName("Transient").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        }
        try (LocalAws aws = LocalAws.start(LocalAws.Options.inMemory())) {
            assertThat(aws.dynamoDb().listTables().tableNames()).doesNotContain("Transient");
        }
    }

    @Test
    void busyDynamoPortGivesAClearError() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = busy.getLocalPort();
            assertThatThrownBy(() -> LocalAws.start(LocalAws.Options.inMemory().withPorts(port, 0)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("DynamoDB Local")
                    .hasMessageContaining(Integer.toString(port))
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    void busySqsPortGivesAClearErrorAndStopsDynamo() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = busy.getLocalPort();
            int dynamoPort;
            try (ServerSocket free = new ServerSocket(0)) {
                dynamoPort = free.getLocalPort();
            }
            assertThatThrownBy(() -> LocalAws.start(LocalAws.Options.inMemory().withPorts(dynamoPort, port)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ElasticMQ")
                    .hasMessageContaining(Integer.toString(port));
            // DynamoDB Local was stopped again: its port is free for the next start.
            try (LocalAws aws = LocalAws.start(LocalAws.Options.inMemory().withPorts(dynamoPort, 0))) {
                assertThat(aws.dynamoEndpoint().getPort()).isEqualTo(dynamoPort);
            }
        }
    }
}
