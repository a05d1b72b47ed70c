package com.leadqual.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The local runner restarted on the same data dir: tables, items and the pipe's saved position carry over. */
class RestartTest {

    @Test
    void provisionedDataAndPipePositionSurviveARestart(@TempDir Path dir) throws Exception {
        SamTemplate template = SamTemplate.load(SamTemplateTest.REPO_TEMPLATE);
        Path data = dir.resolve("ddb");
        Path position = dir.resolve("pipe.json");
        try (LocalAws aws = LocalAws.start(LocalAws.Options.dataDir(data))) {
            LocalNames names = LocalResources.provision(template, aws);
            put(aws, "LEAD#first@x.io", "EVENT#1");
            try (StreamPipe pipe = new StreamPipe(template.pipes().get(0), aws, names, position)) {
                assertThat(pipe.pollOnce()).isEqualTo(1);
            }
        }
        try (LocalAws aws = LocalAws.start(LocalAws.Options.dataDir(data))) {
            LocalNames names = LocalResources.provision(template, aws);
            assertThat(aws.dynamoDb().getItem(b -> b.tableName("LeadsTable").key(Map.of(
                    "pk", AttributeValue.fromS("LEAD#first@x.io"), "sk", AttributeValue.fromS("EVENT#1"))))
                    .hasItem()).isTrue();
            put(aws, "LEAD#second@x.io", "EVENT#2");
            try (StreamPipe pipe = new StreamPipe(template.pipes().get(0), aws, names, position)) {
                assertThat(pipe.pollOnce()).as("only the record written after the restart").isEqualTo(1);
            }
            var msgs = aws.sqs().receiveMessage(b -> b.queueUrl(names.queueUrl("RescoreQueue"))
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            assertThat(msgs).extracting(m -> m.body())
                    .containsExactly("{\"pk\": \"LEAD#second@x.io\", \"cause\": \"event\"}");
        }
    }

    private static void put(LocalAws aws, String pk, String sk) {
        aws.dynamoDb().putItem(b -> b.tableName("LeadsTable").item(Map.of(
                "pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk))));
    }
}
