package com.leadqual.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each whole-system benchmark once, at tiny sizes, so ./test keeps them working. Only what must hold at any
 * size is checked (requests per event, reads per due lead, artifacts that start and answer); no figure of time.
 */
class BenchSmokeTest {
    private final ByteArrayOutputStream report = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8);

    @AfterEach
    void showTheReport() {
        System.out.println(report.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyArtifactHoldsTheSizeTarget() throws Exception {
        ArtifactSizes.run(Bench.Options.of(), out);

        assertThat(report.toString(StandardCharsets.UTF_8)).contains("| holds |").doesNotContain("MISSES");
    }

    @Test
    void everyFunctionStartsUnderTheRuntimeClientPrimedAndAnswersItsSampleEvent() {
        // Each start checks the answer, that priming did not fail, and that priming stored nothing.
        assertThatCode(() -> ColdStartBench.run(Bench.Options.of("runs", "1", "variants", "primed",
                "warm-up-rounds", "0"), out)).doesNotThrowAnyException();
        assertThat(report.toString(StandardCharsets.UTF_8)).contains("LeadEraseFunction", "HelloWorld");
    }

    @Test
    void ingestWritesOnceAndRescoreAtMostOnceAndNeverForNothing() throws Exception {
        CostBench.Result r = CostBench.measure(Bench.Options.of("events", "200", "leads", "40", "chunk", "50"), out);

        assertThat(r.ingestPutItems()).isEqualTo(r.requests());
        assertThat(r.accepted() + r.duplicates()).isEqualTo(r.requests());
        assertThat(r.duplicates()).isPositive();
        assertThat(r.stateWrites()).isPositive().isLessThanOrEqualTo(r.rescoredLeads());
        assertThat(r.writesWhenNothingChanged()).isZero();
        assertThat(r.unchangedWhenNothingChanged()).isEqualTo(r.leads());
        assertThat(r.leadsWithoutState()).isEmpty();
        assertThat(r.sendBatchMessagesPerRequest()).isGreaterThan(1);
        assertThat(r.deleteMessagesPerRequest()).isGreaterThan(1);
    }

    @Test
    void theScheduleReadsTheDueLeadsOnly() throws Exception {
        ScheduleBench.Result r = ScheduleBench.measure(Bench.Options.of("leads", "2000", "due", "0.01"), out);

        assertThat(r.due()).isEqualTo(20);
        assertThat(r.itemsRead()).isEqualTo(r.due());
        assertThat(r.enqueued()).isEqualTo(r.due());
        assertThat(r.itemsScanned()).isEqualTo(r.leads());
        assertThat(r.readUnits()).isLessThan(r.scanReadUnits());
    }
}
