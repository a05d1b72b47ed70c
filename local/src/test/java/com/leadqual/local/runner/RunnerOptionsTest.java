package com.leadqual.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunnerOptionsTest {
    private static final Path HOME = Path.of("/repo");

    @Test
    void defaultsAreTheProjectsAndTheFixedPortsTheCliExamplesUse() {
        RunnerOptions o = RunnerOptions.parse(new String[0], HOME);

        assertThat(o.command).isEqualTo("start");
        assertThat(o.apiPort).isEqualTo(3000);
        assertThat(o.dynamoPort).isEqualTo(8000);
        assertThat(o.sqsPort).isEqualTo(9324);
        assertThat(o.dataDir).isEqualTo(HOME.resolve(".local-data"));
        assertThat(o.template).isEqualTo(HOME.resolve("template.yaml"));
        assertThat(o.concurrency).isEqualTo(2);
        assertThat(o.sqsRetryAfter).as("the queue's own visibility timeout").isNull();
    }

    @Test
    void theCommandMayComeAnywhereAmongTheFlags() {
        RunnerOptions fire = RunnerOptions.parse(new String[] {"--port", "3300", "fire", "Fn.Due"}, HOME);
        RunnerOptions demo = RunnerOptions.parse(new String[] {"--in-memory", "demo", "--latency", "5"}, HOME);

        assertThat(fire.command).isEqualTo("fire");
        assertThat(fire.fireTarget).isEqualTo("Fn.Due");
        assertThat(fire.apiPort).isEqualTo(3300);
        assertThat(demo.command).isEqualTo("demo");
        assertThat(demo.inMemory).isTrue();
        assertThat(demo.dataDir).isNull();
        assertThat(demo.latencyProbes).isEqualTo(5);
    }

    @Test
    void flagsTakeTheirValues() {
        RunnerOptions o = RunnerOptions.parse(new String[] {"--parameter", "A=b=c", "--parameter", "X=",
                "--sqs-retry-after", "1", "--data-dir", "d", "--concurrency", "3"}, HOME);

        assertThat(o.parameters).containsEntry("A", "b=c").containsEntry("X", "");
        assertThat(o.sqsRetryAfter).isEqualTo(Duration.ofSeconds(1));
        assertThat(o.dataDir).isEqualTo(Path.of("d"));
        assertThat(o.concurrency).isEqualTo(3);
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"--prot", "1"}, HOME)).hasMessageContaining("--prot");
        assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"serve"}, HOME)).hasMessageContaining("serve");
        assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"fire"}, HOME)).hasMessageContaining("<Function>");
        assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"--port", "70000"}, HOME))
                .hasMessageContaining("0-65535");
        assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"--port"}, HOME)).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"--in-memory", "--data-dir", "x"}, HOME))
                .hasMessageContaining("exclude");
        assertThatThrownBy(() -> RunnerOptions.parse(new String[] {"--parameter", "novalue"}, HOME))
                .hasMessageContaining("Name=Value");
    }
}
