package com.leadqual.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/** A send that fails must not move the pipe's position: the records are delivered once the queue is back. */
class StreamPipeRetryTest {

    @Test
    void failedSendKeepsThePositionAndDeliversLater(@TempDir Path dir) throws Exception {
        try (LocalAws aws = LocalAws.start(LocalAws.Options.inMemory())) {
            SamTemplate template = SamTemplate.load(SamTemplateTest.REPO_TEMPLATE);
            LocalNames names = LocalResources.provision(template, aws);
            String queueUrl = names.queueUrl("RescoreQueue");
            for (int i = 0; i < 12; i++) { // more than one SendMessageBatch worth
                int n = i;
                aws.dynamoDb().putItem(b -> b.tableName("LeadsTable").item(Map.of(
                        "pk", AttributeValue.fromS("LEAD#" + n + "@x.io"), "sk", AttributeValue.fromS("EVENT#" + n))));
            }
            aws.sqs().deleteQueue(b -> b.queueUrl(queueUrl));
            Path positionFile = dir.resolve("pos.json");
            try (StreamPipe pipe = new StreamPipe(template.pipes().get(0), aws, names, positionFile)) {
                assertThatThrownBy(pipe::pollOnce).hasMessageContaining("EventsToRescorePipe")
                        .hasMessageContaining("RescoreQueue");
            }
            LocalNames again = LocalResources.provision(template, aws); // the queue comes back under the same URL
            assertThat(again.queueUrl("RescoreQueue")).isEqualTo(queueUrl);
            try (StreamPipe pipe = new StreamPipe(template.pipes().get(0), aws, names, positionFile)) {
                assertThat(pipe.pollOnce()).isEqualTo(12);
            }
            int received = 0;
            java.util.Set<String> bodies = new java.util.HashSet<>();
            for (int i = 0; i < 5 && received < 12; i++) {
                for (Message m : aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                        .waitTimeSeconds(1)).messages()) {
                    bodies.add(m.body());
                    received++;
                }
            }
            assertThat(received).isEqualTo(12);
            assertThat(bodies).hasSize(12).contains("{\"pk\": \"LEAD#0@x.io\", \"cause\": \"event\"}");
        }
    }
}
