package com.leadqual.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadqual.local.LocalAws;
import com.leadqual.local.LocalNames;
import com.leadqual.local.LocalResources;
import com.leadqual.local.SamTemplate;
import com.leadqual.local.StreamPipe;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * ElasticMQ forgets its messages when the runner stops; a stored event whose rescore request was still queued
 * must be delivered again after the restart, and one that was consumed must not.
 */
class PipeCheckpointTest {
    private static final SamTemplate TEMPLATE = SamTemplate.load(Path.of("..", "template.yaml"))
            .withParameters(Map.of("ZoomWebhookSecretToken", "s"));

    private record Run(LocalAws aws, LocalNames names, PipeCheckpoint checkpoint, StreamPipe pipe)
            implements AutoCloseable {
        static Run start(Path dir) {
            LocalAws aws = LocalAws.start(LocalAws.Options.dataDir(dir.resolve("dynamodb")));
            LocalNames names = LocalResources.provision(TEMPLATE, aws);
            SamTemplate.Pipe definition = TEMPLATE.pipes().get(0);
            Path position = dir.resolve("pipe.position.json");
            PipeCheckpoint checkpoint = new PipeCheckpoint(position, dir.resolve("pipe.consumed.json"), aws.sqs(),
                    List.of(names.queueUrl("RescoreQueue"), names.queueUrl("RescoreDeadLetterQueue")));
            checkpoint.rewind();
            return new Run(aws, names, checkpoint, new StreamPipe(definition, aws, names, position));
        }

        int deliver() throws Exception {
            return pipe.pollOnce();
        }

        List<Message> receive() {
            return aws.sqs().receiveMessage(b -> b.queueUrl(names.queueUrl("RescoreQueue")).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
        }

        void consume(List<Message> messages) {
            messages.forEach(m -> aws.sqs().deleteMessage(b -> b.queueUrl(names.queueUrl("RescoreQueue"))
                    .receiptHandle(m.receiptHandle())));
        }

        void storeEvent(String pk, String sk) {
            aws.dynamoDb().putItem(b -> b.tableName("LeadsTable").item(Map.of("pk", AttributeValue.fromS(pk),
                    "sk", AttributeValue.fromS(sk))));
        }

        @Override
        public void close() {
            pipe.close();
            aws.close();
        }
    }

    @Test
    void aRequestLostWithTheQueueIsDeliveredAgainAndAConsumedOneIsNot(@TempDir Path dir) throws Exception {
        try (Run first = Run.start(dir)) {
            first.storeEvent("LEAD#consumed@x.io", "EVENT#1");
            assertThat(first.deliver()).isEqualTo(1);
            first.consume(first.receive());
            assertThat(first.checkpoint().save()).as("queue empty: consumed").isTrue();

            first.storeEvent("LEAD#queued@x.io", "EVENT#2");
            assertThat(first.deliver()).isEqualTo(1);
            assertThat(first.checkpoint().save()).as("a message waits in the queue").isFalse();
        } // stopped with the request for queued@x.io still in ElasticMQ's memory

        try (Run second = Run.start(dir)) {
            assertThat(second.deliver()).as("only the unconsumed record again").isEqualTo(1);
            List<Message> redelivered = second.receive();
            assertThat(redelivered).extracting(Message::body)
                    .containsExactly("{\"pk\": \"LEAD#queued@x.io\", \"cause\": \"event\"}");
            second.consume(redelivered);
            assertThat(second.checkpoint().save()).isTrue();
        }

        try (Run third = Run.start(dir)) {
            assertThat(third.deliver()).as("everything was consumed").isZero();
        }
    }

    @Test
    void aMessageInTheDeadLetterQueueKeepsItsRecordForTheNextStart(@TempDir Path dir) throws Exception {
        try (Run first = Run.start(dir)) {
            first.storeEvent("LEAD#poison@x.io", "EVENT#1");
            first.deliver();
            List<Message> messages = first.receive();
            first.consume(messages);
            first.aws().sqs().sendMessage(b -> b.queueUrl(first.names().queueUrl("RescoreDeadLetterQueue"))
                    .messageBody(messages.get(0).body()));
            assertThat(first.checkpoint().save()).as("the dead-letter queue counts too").isFalse();
        }
        try (Run second = Run.start(dir)) {
            assertThat(second.deliver()).isEqualTo(1);
        }
    }
}
