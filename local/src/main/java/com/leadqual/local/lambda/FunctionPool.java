package com.leadqual.local.lambda;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Up to {@code size} execution environments of one function, as Lambda scales a function out: an invocation
 * takes an idle environment, else starts a new one (a cold start) while below the limit, else waits for one to
 * be free. Why a pool: concurrent requests would otherwise queue behind one JVM.
 */
public final class FunctionPool implements AutoCloseable {
    private final FunctionProcess.Spec spec;
    private final int size;
    private final Consumer<String> output;
    private final Deque<FunctionProcess> idle = new ArrayDeque<>();
    private final List<FunctionProcess> all = new ArrayList<>();
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

    private synchronized FunctionProcess take() {
        while (true) {
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
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FunctionProcess.InvocationFailed(spec.name() + ": interrupted while waiting for an"
                        + " environment", e);
            }
        }
    }

    private FunctionProcess track(FunctionProcess environment) {
        all.add(environment);
        return environment;
    }

    private synchronized void giveBack(FunctionProcess environment) {
        // Warm ones first: like Lambda, reuse an environment rather than start another.
        idle.addFirst(environment);
        notifyAll();
    }

    /** Stops every environment, busy ones too; waiting invocations fail. */
    @Override
    public void close() {
        List<FunctionProcess> environments;
        synchronized (this) {
            closed = true;
            notifyAll();
            environments = List.copyOf(all);
        }
        environments.forEach(FunctionProcess::close);
    }
}
