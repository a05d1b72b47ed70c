package com.leadqual.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.local.lambda.testfunctions.CountingFunction;
import com.leadqual.local.lambda.testfunctions.EchoFunction;
import com.leadqual.local.lambda.testfunctions.NapFunction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several execution environments of one function, as Lambda scales out; each a real runtime client JVM. */
class FunctionPoolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static Path artifact;

    @BeforeAll
    static void packageTestFunctions() throws Exception {
        artifact = TestArtifacts.testFunctionsJar(dir);
    }

    private static FunctionPool pool(Class<?> handler, int size) {
        return new FunctionPool(new FunctionProcess.Spec("Pooled", handler.getName(), artifact,
                Map.of("AWS_REGION", "us-east-1", "GREETING", "hi"), 256, Duration.ofSeconds(20)), size, line -> { });
    }

    private static long pid(LambdaRuntimeApi.Response response) {
        try {
            return JSON.readTree(response.payload()).path("pid").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int before(LambdaRuntimeApi.Response response) {
        try {
            return JSON.readTree(response.payload()).path("before").asInt(-1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<Long> nap(FunctionPool pool) {
        return CompletableFuture.supplyAsync(() -> pid(pool.invoke("{}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void concurrentInvocationsGetTheirOwnEnvironmentsUpToTheLimit() throws Exception {
        try (FunctionPool pool = pool(NapFunction.class, 2)) {
            pool.warmUp();
            List<CompletableFuture<Long>> calls = List.of(nap(pool), nap(pool), nap(pool));
            List<Long> pids = calls.stream().map(CompletableFuture::join).toList();

            assertThat(pids.stream().distinct().count()).as("two environments for three calls").isEqualTo(2);
            assertThat(pool.pids()).hasSize(2).containsAll(pids);
        }
    }

    @Test
    void environmentsStartingTogetherEachLoadTheRuntimesNativeLibraryFromOurCopy() {
        // The client's own unpacking rewrites /tmp/.libaws-lambda-jni.so for every JVM: concurrent starts crashed.
        String library = FunctionProcess.jniLibrary();
        assertThat(library).isNotNull().doesNotStartWith("/tmp/.libaws");
        assertThat(Path.of(library)).isRegularFile();
        try (FunctionPool pool = pool(NapFunction.class, 4)) {
            List<Long> pids = List.of(nap(pool), nap(pool), nap(pool), nap(pool)).stream()
                    .map(CompletableFuture::join).toList();

            assertThat(pids).doesNotHaveDuplicates();
        }
    }

    /**
     * A runner's stop kills the JVMs first and deletes the unpacked artifacts last (LocalDeployment): deleting them
     * took 10 to 20 s per function on this busy machine, which delayed saving the queues behind it.
     */
    @Test
    void stopKillsEveryJvmAndLeavesTheTaskRootsForLater() throws Exception {
        FunctionPool pool = pool(NapFunction.class, 2);
        List<Long> pids = List.of(nap(pool), nap(pool)).stream().map(CompletableFuture::join).toList();
        List<Path> roots = pool.taskRoots();
        assertThat(roots).hasSize(2).allSatisfy(root -> assertThat(root).isDirectory());

        pool.stop();
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        }
        assertThat(pool.pids()).isEmpty();
        assertThat(roots).allSatisfy(root -> assertThat(root).isDirectory());
        assertThatThrownBy(() -> pool.invoke("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FunctionProcess.InvocationFailed.class);

        pool.deleteTaskRoots();
        assertThat(roots).allSatisfy(root -> assertThat(root).doesNotExist());
        assertThat(pool.taskRoots()).isEmpty();
    }

    @Test
    void closeStopsAndDeletesTheTaskRoots() {
        FunctionPool pool = pool(NapFunction.class, 1);
        nap(pool).join();
        List<Path> roots = pool.taskRoots();
        assertThat(roots).hasSize(1);

        pool.close();
        assertThat(pool.pids()).isEmpty();
        assertThat(roots).allSatisfy(root -> assertThat(root).doesNotExist());
    }

    @Test
    void oneEnvironmentRunsOneInvocationAtATime() throws Exception {
        try (FunctionPool pool = pool(NapFunction.class, 1)) {
            List<Long> pids = List.of(nap(pool), nap(pool)).stream().map(CompletableFuture::join).toList();

            assertThat(pids.get(0)).isEqualTo(pids.get(1));
        }
    }

    /**
     * Under the load suite's 26 forms/s on two environments, most requests took 200 ms and some 30 s: whichever
     * thread woke first took a returned environment, one that had just arrived too.
     */
    @Test
    void invocationsWaitingForAnEnvironmentGetItInTheOrderTheyCame() throws Exception {
        try (FunctionPool pool = pool(CountingFunction.class, 1)) {
            pool.warmUp();
            Thread holder = new Thread(() -> pool.invoke("{\"nap\":1}".getBytes(StandardCharsets.UTF_8)));
            holder.start();
            while (holder.getState() != Thread.State.WAITING && holder.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
            int[] served = new int[8];
            List<Thread> waiters = new ArrayList<>();
            for (int i = 0; i < served.length; i++) {
                int waiter = i;
                byte[] event = ("{\"waiter\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                Thread t = new Thread(() -> served[waiter] = before(pool.invoke(event)));
                t.start();
                waiters.add(t);
                while (pool.waiting() <= i) {
                    Thread.onSpinWait();
                }
            }
            for (Thread t : waiters) {
                t.join();
            }
            holder.join();

            assertThat(served).as("invocations the environment ran before each waiter").isSorted()
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void closingKillsBusyEnvironmentsAtOnceAndRefusesNewWork() throws Exception {
        FunctionPool pool = pool(EchoFunction.class, 1);
        pool.warmUp();
        long pid = pool.pids().get(0);
        CompletableFuture<LambdaRuntimeApi.Response> hanging = CompletableFuture.supplyAsync(
                () -> pool.invoke("{\"hang\":1}".getBytes(StandardCharsets.UTF_8)));
        Thread.sleep(300);
        pool.close();

        // It fails well before the function's 20 s timeout: get() would time out first otherwise.
        assertThatThrownBy(() -> hanging.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(
                FunctionProcess.InvocationFailed.class);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThatThrownBy(() -> pool.invoke("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FunctionProcess.InvocationFailed.class).hasMessageContaining("shut down");
    }
}
