package com.leadqual.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CpuUseTest {
    @Test
    void aThreadsCpuGoesToTheGroupItsNameSaysAndAnEndedThreadsStaysInTheSum() throws Exception {
        CpuUse before = CpuUse.now(Map.of());
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread client = new Thread(() -> {
            spin(200);
            spun.countDown();
            await(release);
        }, CpuUse.CLIENT_THREADS);
        client.start();
        spun.await();
        Map<String, Double> alive = CpuUse.now(Map.of()).secondsSince(before);
        release.countDown();
        client.join();
        Thread ended = new Thread(() -> spin(200), CpuUse.CLIENT_THREADS);
        ended.start();
        ended.join();
        Map<String, Double> afterEnd = CpuUse.now(Map.of()).secondsSince(before);

        // /proc counts in 10 ms ticks: 200 ms of the thread's own CPU shows as at least 150 ms.
        assertThat(alive.get(CpuUse.CLIENTS)).isGreaterThanOrEqualTo(0.15);
        // Both threads' CPU is in the parts, whether the ended one is still listed or only in the ended sum.
        assertThat(afterEnd.values().stream().mapToDouble(Double::doubleValue).sum()).isGreaterThanOrEqualTo(0.35);
    }

    @Test
    void aFunctionsPartIsWhatItsJvmsUsed() {
        // This JVM stands in for a function's: whatever it uses between the readings is that function's.
        Map<String, java.util.List<Long>> pids = Map.of("FormIngestFunction",
                java.util.List.of(ProcessHandle.current().pid()));
        CpuUse before = CpuUse.now(pids);
        spin(200);
        Map<String, Double> seconds = CpuUse.now(pids).secondsSince(before);

        assertThat(seconds.get("FormIngestFunction JVMs")).isGreaterThanOrEqualTo(0.15);
    }

    /** Busy until this thread itself used {@code millis} of CPU. */
    private static void spin(long millis) {
        var threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + millis * 1_000_000;
        while (threads.getCurrentThreadCpuTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
