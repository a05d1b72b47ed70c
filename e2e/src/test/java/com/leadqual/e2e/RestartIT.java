package com.leadqual.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

/** The default mode: a data folder, so what was stored and scored is there after a stop and a start. */
class RestartIT {
    private static final Path FIGURES = Path.of("target", "local-runner-figures.txt");

    @Test
    void dataSurvivesAStopAndAStartOnTheSameDataFolder(@TempDir Path data) throws Exception {
        String email = "restart-" + UUID.randomUUID().toString().substring(0, 8) + "@kestrel-bank.ie";
        try (RunnerProcess first = RunnerProcess.start("--data-dir", data.toString());
                DynamoDbClient dynamo = first.dynamo()) {
            assertThat(LocalRunnerIT.postForm(first, "{\"email\":\"" + email + "\",\"formType\":\"pricing_inquiry\","
                    + "\"jobTitle\":\"VP Risk\",\"consent\":true}").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).until(() -> LocalRunnerIT.state(dynamo, email) != null);
            stop(first, "TERM");
        }
        assertThat(Files.isDirectory(data.resolve("dynamodb"))).isTrue();

        try (RunnerProcess second = RunnerProcess.start("--data-dir", data.toString());
                DynamoDbClient dynamo = second.dynamo()) {
            Files.createDirectories(FIGURES.getParent());
            Files.writeString(FIGURES, "start-up, ./run to Ready (existing data folder): "
                    + second.startUp().toMillis() + " ms\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Map<String, AttributeValue> kept = LocalRunnerIT.state(dynamo, email);
            assertThat(kept).as("the state written before the restart").isNotNull();
            assertThat(kept.get("eventCount").n()).isEqualTo("1");

            assertThat(LocalRunnerIT.postForm(second, "{\"email\":\"" + email + "\",\"formType\":\"contact_sales\","
                    + "\"consent\":true}").statusCode()).isEqualTo(202);
            AtomicReference<Map<String, AttributeValue>> state = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                state.set(LocalRunnerIT.state(dynamo, email));
                return state.get() != null && state.get().get("eventCount").n().equals("2");
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
