package com.leadqual.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The default mode, a data folder: what was stored survives a stop, an event accepted just before the stop,
 * whose rescore request died with ElasticMQ's in-memory queue, is still scored after the start, and a dead letter
 * waiting at the stop is in its queue again.
 */
class RestartIT {
    private static final String DEAD_LETTER = "{\"pk\": \"LEAD#dead-letter@example.org\", \"cause\": \"event\"}";

    @Test
    void anEventStoredButNotYetScoredAtTheStopIsScoredAfterTheStart(@TempDir Path data) throws Exception {
        String email = "restart-" + UUID.randomUUID().toString().substring(0, 8) + "@kestrel-bank.ie";
        boolean scoredBeforeTheStop;
        try (RunnerProcess first = RunnerProcess.start("--data-dir", data.toString());
                DynamoDbClient dynamo = first.dynamo()) {
            assertThat(LocalRunnerIT.postForm(first, "{\"email\":\"" + email + "\",\"formType\":\"pricing_inquiry\","
                    + "\"jobTitle\":\"VP Risk\",\"consent\":true}").statusCode()).isEqualTo(202);
            // Stopped at once: the rescore function's first (cold) invocation takes seconds, so its request is
            // almost surely still in the queue, or in flight, when ElasticMQ goes away.
            scoredBeforeTheStop = LocalRunnerIT.state(dynamo, email) != null;
            try (SqsClient sqs = first.sqs()) {
                sqs.sendMessage(b -> b.queueUrl(sqs.getQueueUrl(q -> q.queueName("RescoreDeadLetterQueue")).queueUrl())
                        .messageBody(DEAD_LETTER));
            }
            stop(first, "TERM");
        }
        Figures.record("restart: the first run stopped " + (scoredBeforeTheStop ? "after" : "before")
                + " its event was scored");
        assertThat(Files.isDirectory(data.resolve("dynamodb"))).isTrue();

        try (RunnerProcess second = RunnerProcess.start("--data-dir", data.toString());
                DynamoDbClient dynamo = second.dynamo()) {
            Figures.record("start-up, ./run to Ready (existing data folder): " + second.startUp().toMillis() + " ms");
            AtomicReference<Map<String, AttributeValue>> state = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                state.set(LocalRunnerIT.state(dynamo, email));
                return state.get() != null;
            });
            assertThat(state.get().get("eventCount").n()).as("the event stored before the stop").isEqualTo("1");
            try (SqsClient sqs = second.sqs()) {
                String dlq = sqs.getQueueUrl(q -> q.queueName("RescoreDeadLetterQueue")).queueUrl();
                assertThat(sqs.receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10)).messages())
                        .as("a dead letter waiting at the stop, saved and sent again").extracting(m -> m.body())
                        .contains(DEAD_LETTER);
            }

            assertThat(LocalRunnerIT.postForm(second, "{\"email\":\"" + email + "\",\"formType\":\"contact_sales\","
                    + "\"consent\":true}").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                state.set(LocalRunnerIT.state(dynamo, email));
                return state.get().get("eventCount").n().equals("2");
            });
            assertThat(state.get().get("stage").s()).isEqualTo("SQL");
            stop(second, second.receivesSigint() ? "INT" : "TERM");
        }
    }

    private static void stop(RunnerProcess runner, String signal) throws Exception {
        List<ProcessHandle> children = runner.process.descendants().toList();
        runner.signal(signal);
        assertThat(runner.process.waitFor(30, TimeUnit.SECONDS)).as(runner.printed()).isTrue();
        assertThat(runner.output).contains("Stopped.");
        await().atMost(Duration.ofSeconds(10)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
    }
}
