package com.leadqual.local.lambda;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Up to {@code size} execution environments of one function, as Lambda scales a function out: an invocation
 * takes an idle environment, else starts a new one (a cold start) while below the limit, else waits for one to
 * be free, first come first served. Why a pool: concurrent requests would otherwise queue behind one JVM.
 */
public final class FunctionPool implements AutoCloseable {
    private final FunctionProcess.Spec spec;
    private final int size;
    private final Consumer<String> output;
    private final Deque<FunctionProcess> idle = new ArrayDeque<>();
    private final List<FunctionProcess> all = new ArrayList<>();
    /** Invocations waiting for an environment, first come first served. */
    private final Deque<CompletableFuture<FunctionProcess>> waiting = new ArrayDeque<>();
    private boolean closed;

    /**
     * @param output receives every line the function's JVMs print
     * @throws IllegalStateException when the artifact does not exist (see {@link FunctionProcess#of})
     */
    public FunctionPool(FunctionProcess.Spec spec, int size, Consumer<String> output) {
        if (size < 1) {
            throw new IllegalArgumentException(spec.name() + ": a pool needs at least one environment");
        }
        this.spec = spec;
        this.size = size;
        this.output = output;
        idle.add(track(FunctionProcess.of(spec, output)));
    }

    public FunctionProcess.Spec spec() {
        return spec;
    }

    /** Runs one invocation in a free environment; see {@link FunctionProcess#invoke}. */
    public LambdaRuntimeApi.Response invoke(byte[] event) {
        FunctionProcess environment = take();
        try {
            return environment.invoke(event);
        } finally {
            giveBack(environment);
        }
    }

    /** Starts one environment's JVM ahead of the first invocation; returns its init time in nanoseconds. */
    public long warmUp() {
        FunctionProcess environment = take();
        try {
            return environment.warmUp();
        } finally {
            giveBack(environment);
        }
    }

    /** Process ids of the JVMs now running for this function. */
    public synchronized List<Long> pids() {
        return all.stream().mapToLong(FunctionProcess::pid).filter(pid -> pid > 0).boxed().toList();
    }

    private FunctionProcess take() {
        CompletableFuture<FunctionProcess> turn = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                throw new FunctionProcess.InvocationFailed(spec.name() + " is shut down", null);
            }
            FunctionProcess free = idle.pollFirst();
            if (free != null) {
                return free;
            }
            if (all.size() < size) {
                return track(FunctionProcess.of(spec, output));
            }
            waiting.addLast(turn);
        }
        try {
            return turn.get();
        } catch (ExecutionException e) {
            throw (FunctionProcess.InvocationFailed) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (this) {
                if (!waiting.remove(turn) && !turn.isCompletedExceptionally()) {
                    giveBack(turn.join()); // handed over just now: to the next in line
                }
            }
            throw new FunctionProcess.InvocationFailed(spec.name() + ": interrupted while waiting for an"
                    + " environment", e);
        }
    }

    /** Invocations waiting for an environment now. */
    synchronized int waiting() {
        return waiting.size();
    }

    private FunctionProcess track(FunctionProcess environment) {
        all.add(environment);
        return environment;
    }

    private synchronized void giveBack(FunctionProcess environment) {
        // Straight to the longest waiting invocation: with wait/notifyAll any thread, a newly arrived one too, took
        // it, and under the load suite some waited 30 s while most took 200 ms.
        CompletableFuture<FunctionProcess> next = waiting.pollFirst();
        if (next != null) {
            next.complete(environment);
        } else {
            idle.addFirst(environment); // warm ones first: like Lambda, reuse an environment rather than start another
        }
    }

    /** Stops every environment, busy ones too, and deletes their task roots; waiting invocations fail. */
    @Override
    public void close() {
        stop();
        deleteTaskRoots();
    }

    /** Kills every environment's JVM, busy ones too, at once; waiting invocations fail. Task roots stay. */
    public void stop() {
        environments(true).forEach(FunctionProcess::stop);
    }

    /** Deletes the environments' task roots, each on its own thread (the disk waits, not the CPU), after a stop. */
    public void deleteTaskRoots() {
        inParallel(environments(false).stream().map(e -> (Runnable) e::deleteTaskRoot).toList(),
                spec.name() + "-delete-task-root");
    }

    /** Runs each task on its own thread and waits for all of them. */
    public static void inParallel(List<Runnable> tasks, String threadName) {
        List<Thread> threads = new ArrayList<>();
        for (Runnable task : tasks) {
            Thread t = new Thread(task, threadName);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The environments' unpacked artifacts that still exist. */
    synchronized List<java.nio.file.Path> taskRoots() {
        return all.stream().map(FunctionProcess::taskRoot).filter(java.util.Objects::nonNull).toList();
    }

    private synchronized List<FunctionProcess> environments(boolean close) {
        if (close) {
            closed = true;
            waiting.forEach(turn -> turn.completeExceptionally(
                    new FunctionProcess.InvocationFailed(spec.name() + " is shut down", null)));
            waiting.clear();
        }
        return List.copyOf(all);
    }
}
