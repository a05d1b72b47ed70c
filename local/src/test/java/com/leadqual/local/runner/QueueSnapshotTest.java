package com.leadqual.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadqual.local.LocalAws;
import com.leadqual.local.LocalNames;
import com.leadqual.local.LocalResources;
import com.leadqual.local.SamTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** ElasticMQ forgets its messages at a stop; the snapshot carries the waiting ones over a clean one. */
class QueueSnapshotTest {
    private static final SamTemplate TEMPLATE = SamTemplate.load(Path.of("..", "template.yaml"))
            .withParameters(Map.of("ZoomWebhookSecretToken", "s"));

    private static Map<String, String> urls(LocalNames names) {
        return Map.of("RescoreDeadLetterQueue", names.queueUrl("RescoreDeadLetterQueue"),
                "HandoffUndeliveredQueue", names.queueUrl("HandoffUndeliveredQueue"));
    }

    @Test
    void waitingMessagesAreSavedAtAStopAndSentAgainAtTheNextStart(@TempDir Path dir) {
        try (LocalAws aws = LocalAws.start(LocalAws.Options.inMemory())) {
            LocalNames names = LocalResources.provision(TEMPLATE, aws);
            for (int i = 0; i < 12; i++) {
                String body = "dead " + i;
                aws.sqs().sendMessage(b -> b.queueUrl(names.queueUrl("RescoreDeadLetterQueue")).messageBody(body));
            }
            aws.sqs().sendMessage(b -> b.queueUrl(names.queueUrl("HandoffUndeliveredQueue")).messageBody("parked")
                    .messageAttributes(Map.of("target", MessageAttributeValue.builder().dataType("String")
                            .stringValue("https://crm.example.com/hook").build())));

            assertThat(new QueueSnapshot(aws.sqs(), urls(names), dir).save())
                    .isEqualTo(Map.of("RescoreDeadLetterQueue", 12, "HandoffUndeliveredQueue", 1));
        }

        try (LocalAws aws = LocalAws.start(LocalAws.Options.inMemory())) {
            LocalNames names = LocalResources.provision(TEMPLATE, aws);
            QueueSnapshot snapshot = new QueueSnapshot(aws.sqs(), urls(names), dir);

            assertThat(snapshot.restore()).isEqualTo(Map.of("RescoreDeadLetterQueue", 12, "HandoffUndeliveredQueue", 1));
            assertThat(receiveAll(aws, names.queueUrl("RescoreDeadLetterQueue"))).extracting(Message::body)
                    .containsExactlyInAnyOrder("dead 0", "dead 1", "dead 2", "dead 3", "dead 4", "dead 5", "dead 6",
                            "dead 7", "dead 8", "dead 9", "dead 10", "dead 11");
            List<Message> parked = receiveAll(aws, names.queueUrl("HandoffUndeliveredQueue"));
            assertThat(parked).singleElement().satisfies(m -> {
                assertThat(m.body()).isEqualTo("parked");
                assertThat(m.messageAttributes().get("target").stringValue()).isEqualTo("https://crm.example.com/hook");
            });
            assertThat(snapshot.restore()).as("restored once").isEmpty();
            assertThat(dir.toFile().list()).isEmpty();
        }
    }

    @Test
    void emptyQueuesLeaveNoFile(@TempDir Path dir) throws Exception {
        try (LocalAws aws = LocalAws.start(LocalAws.Options.inMemory())) {
            LocalNames names = LocalResources.provision(TEMPLATE, aws);
            assertThat(new QueueSnapshot(aws.sqs(), urls(names), dir).save()).isEmpty();
        }
        assertThat(Files.exists(dir.resolve("RescoreDeadLetterQueue.json"))).isFalse();
    }

    private static List<Message> receiveAll(LocalAws aws, String url) {
        List<Message> all = new java.util.ArrayList<>();
        while (true) {
            List<Message> batch = aws.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .messageAttributeNames("All").waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
        }
    }
}
