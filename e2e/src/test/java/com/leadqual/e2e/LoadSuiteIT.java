package com.leadqual.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The load suite's command as RELIABILITY.md documents it, at a low rate for a few seconds: it must start its own
 * runner, send every kind of request, verify the table afterwards and say that every check held. Functional
 * only: the figures of a real run are in RELIABILITY.md, measured under the bench lock.
 */
class LoadSuiteIT {
    private static final List<String> CHECKS = List.of(
            "every measured request answered 2xx",
            "rescoring drained",
            "every accepted event stored exactly once",
            "no event stored that was not accepted",
            "replays answered as duplicates",
            "every lead's state equals scoring its stored events from scratch",
            "nothing in any dead-letter or parking queue",
            "the runner stopped cleanly on SIGTERM");

    @Test
    void aShortLoadRunPassesEveryCheck() throws Exception {
        Path out = Path.of("target", "load-smoke").toAbsolutePath();
        Process suite = new ProcessBuilder(RunnerProcess.HOME.resolve("reliability/run-load").toString(),
                "--skip-build", "--seconds", "5", "--rate", "8", "--warmup-seconds", "2", "--leads", "15",
                "--bursts", "0.2", "--replays", "0.3", "--out", out.toString())
                .directory(RunnerProcess.HOME.toFile()).redirectErrorStream(true).start();
        String printed = new String(suite.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(suite.waitFor(10, TimeUnit.MINUTES)).as(printed).isTrue();
        assertThat(suite.exitValue()).as(printed).isZero();

        String report = Files.readString(out.resolve("report.md"));
        assertThat(report).contains("Verification passed");
        for (String check : CHECKS) {
            assertThat(report.lines().filter(l -> l.startsWith("| " + check)))
                    .as(check + " in\n" + report).singleElement().asString().contains("| pass |");
        }
        // 5 s at 8/s: all 40 requests sent and answered, of every kind, with replays among them.
        assertThat(report).contains("40 requests (").contains("JSON forms").contains("urlencoded forms")
                .contains("webinar events").contains("40 answered");
        assertThat(report).doesNotContain("**FAIL**").doesNotContain(" 0 replayed deliveries");
    }
}
