package com.leadqual.local.lambda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One Lambda execution environment on this machine: a fresh JVM running AWS's runtime interface client
 * ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}) against a {@link LambdaRuntimeApi} on
 * loopback. As in Lambda, the function's artifact is extracted into a task root that is the process's working
 * directory (the client loads it from there in its own class loader), the environment holds only what the
 * template and Lambda set, and one environment runs one invocation at a time. A timed-out or crashed environment
 * is discarded and the next invocation starts a new one (a cold start).
 */
public final class FunctionProcess implements AutoCloseable {
    static final String RUNTIME_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** Where the runtime interface client loads its native library from, when set. */
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    private static Path jniLibrary;
    /** What Lambda allows an on-demand init, with room for a slow shared machine. */
    private static final Duration INIT_LIMIT = Duration.ofSeconds(30);

    /**
     * @param name        the function's name, used for its ARN and log prefix
     * @param handler     the template's {@code Handler}
     * @param artifact    the packaged function (the template's {@code CodeUri} jar)
     * @param environment every variable the process sees: the template's, Lambda's reserved ones, credentials
     * @param memoryMb    the template's {@code MemorySize}, imposed as the JVM's view of the machine's memory
     * @param timeout     the template's {@code Timeout}
     */
    public record Spec(String name, String handler, Path artifact, Map<String, String> environment, int memoryMb,
            Duration timeout) {
    }

    /** The environment could not answer: it timed out, crashed or failed to initialize. */
    public static final class InvocationFailed extends RuntimeException {
        InvocationFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Environment(Process process, LambdaRuntimeApi api, long startedNanos) {
    }

    private final Spec spec;
    private final Consumer<String> output;
    /** The artifact's contents, as Lambda unpacks a deployment package into /var/task; made once. */
    private Path taskRoot;
    /** Volatile: {@link #close()} reads it without the lock, to kill a JVM whose invocation holds the lock. */
    private volatile Environment current;
    private volatile boolean closed;

    private FunctionProcess(Spec spec, Consumer<String> output) {
        this.spec = spec;
        this.output = output;
    }

    /** Prepares the environment; its JVM starts on the first invocation (or {@link #warmUp()}). */
    public static FunctionProcess of(Spec spec, Consumer<String> output) {
        if (!Files.isRegularFile(spec.artifact())) {
            throw new IllegalStateException(spec.name() + ": its artifact " + spec.artifact()
                    + " does not exist; build it first (mvn -B package -DskipTests)");
        }
        return new FunctionProcess(spec, output);
    }

    /** Starts the JVM if needed and waits for its init; returns how long init took in nanoseconds (0 if warm). */
    public synchronized long warmUp() {
        if (current != null && current.process().isAlive()) {
            return 0;
        }
        current = launch();
        try {
            long readyAt = current.api().ready().get(INIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            return readyAt - current.startedNanos();
        } catch (ExecutionException | TimeoutException e) {
            discard();
            throw new InvocationFailed(spec.name() + ": init failed: " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvocationFailed(spec.name() + ": interrupted during init", e);
        }
    }

    /** Runs one invocation in this environment; a function error comes back as a response marked error. */
    public synchronized LambdaRuntimeApi.Response invoke(byte[] event) {
        if (closed) {
            throw new InvocationFailed(spec.name() + " is shut down", null);
        }
        warmUp();
        try {
            return current.api().invoke(event, spec.timeout()).get(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            discard();
            throw new InvocationFailed(spec.name() + ": task timed out after " + spec.timeout().toSeconds()
                    + " seconds", e);
        } catch (ExecutionException e) {
            discard();
            throw new InvocationFailed(spec.name() + ": " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvocationFailed(spec.name() + ": interrupted", e);
        }
    }

    /**
     * For a SnapStart init ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start} in the spec's environment): nanoseconds
     * from process start to the point where Lambda would take the snapshot, i.e. after the beforeCheckpoint hooks;
     * -1 for an on-demand init or when no JVM runs.
     */
    public synchronized long snapshotPointNanos() {
        if (current == null || !current.api().snapshotPoint().isDone()
                || current.api().snapshotPoint().isCompletedExceptionally()) {
            return -1;
        }
        return current.api().snapshotPoint().join() - current.startedNanos();
    }

    /** The running JVM's process id, or -1 when none runs. */
    public synchronized long pid() {
        return current != null && current.process().isAlive() ? current.process().pid() : -1;
    }

    public Spec spec() {
        return spec;
    }

    private Environment launch() {
        LambdaRuntimeApi api = LambdaRuntimeApi.start(
                "arn:aws:lambda:" + spec.environment().getOrDefault("AWS_REGION", "us-east-1")
                        + ":000000000000:function:" + spec.name());
        try {
            if (taskRoot == null) {
                taskRoot = unpack(spec.artifact(), Files.createTempDirectory("lambda-task-" + spec.name()));
            }
        } catch (IOException e) {
            api.close();
            throw new UncheckedIOException("cannot unpack " + spec.artifact() + " for " + spec.name(), e);
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // Lambda runs the JVM with the function's memory as the machine's and the serial collector.
        command.add("-XX:MaxRAM=" + spec.memoryMb() + "m");
        command.add("-XX:+UseSerialGC");
        // As Lambda's Java runtime: org.crac in the artifact reaches the client's own CRaC context, whose
        // beforeCheckpoint hooks the client runs when AWS_LAMBDA_INITIALIZATION_TYPE is snap-start.
        command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        String jni = jniLibrary();
        if (jni != null) {
            command.add("-D" + JNI_PROPERTY + "=" + jni);
        }
        command.add("-cp");
        command.add(runtimeClasspath());
        command.add(RUNTIME_CLIENT);
        command.add(spec.handler());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(taskRoot.toFile());
        builder.environment().clear();
        builder.environment().putAll(spec.environment());
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
        builder.environment().put("LAMBDA_TASK_ROOT", taskRoot.toString());
        builder.environment().put("_HANDLER", spec.handler());
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            api.close();
            throw new UncheckedIOException("cannot start the JVM of " + spec.name(), e);
        }
        pump(process);
        process.onExit().thenRun(() -> api.abandonAll(
                spec.name() + ": the runtime exited with status " + process.exitValue()));
        return new Environment(process, api, started);
    }

    private void pump(Process process) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.accept(line);
                }
            } catch (IOException ignored) {
                // the process is gone; its exit is reported through the runtime API
            }
        }, spec.name() + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    private void discard() {
        if (current == null) {
            return;
        }
        current.process().destroyForcibly();
        try {
            current.process().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        current.api().close();
        current = null;
    }

    /**
     * Kills the JVM at once, even while an invocation runs (that invocation fails), then cleans up. Why not wait:
     * a shutdown must not sit out a function's timeout, and Lambda too stops environments without notice.
     */
    @Override
    public void close() {
        stop();
        deleteTaskRoot();
    }

    /** {@link #close()} without deleting the task root: a runner stopping kills its JVMs first, cleans up last. */
    public void stop() {
        closed = true;
        Environment running = current;
        if (running != null) {
            running.process().destroyForcibly();
        }
        synchronized (this) {
            discard();
        }
    }

    /**
     * Deletes the unpacked artifact (about 5,000 files for a function with the SDK: seconds on a busy disk, so
     * never in the way of what a stop must do first). Only once the JVM is gone.
     */
    public synchronized void deleteTaskRoot() {
        if (taskRoot != null && (current == null || !current.process().isAlive())) {
            deleteQuietly(taskRoot);
            taskRoot = null;
        }
    }

    /** The unpacked artifact, or null before the first start and after {@link #deleteTaskRoot()}. */
    synchronized Path taskRoot() {
        return taskRoot;
    }

    private static Path unpack(Path artifact, Path root) throws IOException {
        try (var zip = new java.util.zip.ZipFile(artifact.toFile())) {
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                var entry = entries.nextElement();
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("entry " + entry.getName() + " escapes the task root");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (var in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
        return root;
    }

    /**
     * The runtime interface client's native library, unpacked once for every environment of this JVM, or null to
     * let the client unpack it itself. Why: the client copies it to the fixed path /tmp/.libaws-lambda-jni.so and
     * loads it from there, which is safe in Lambda (a /tmp per environment) but not for environments sharing this
     * machine's /tmp: one starting while another rewrites the file dies of SIGBUS in the dynamic loader.
     */
    static synchronized String jniLibrary() {
        if (jniLibrary != null) {
            return jniLibrary.toString();
        }
        String arch = System.getProperty("os.arch", "");
        String name = "/jni/libaws-lambda-jni.linux-" + (arch.equals("aarch64") ? "aarch_64" : "x86_64") + ".so";
        try (var in = Class.forName(RUNTIME_CLIENT, false, FunctionProcess.class.getClassLoader())
                .getResourceAsStream(name)) {
            if (in == null || !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
                return null;
            }
            Path dir = Files.createTempDirectory("lambda-runtime-jni");
            Path library = dir.resolve("libaws-lambda-jni.so");
            Files.copy(in, library);
            library.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            jniLibrary = library;
            return library.toString();
        } catch (IOException | ClassNotFoundException e) {
            return null;
        }
    }

    /**
     * The runtime interface client and its libraries, found where this JVM loaded them from; the function's own
     * classes come from its artifact in the task root, as in Lambda. Each library is taken from its own jar even
     * when a shaded function artifact on this JVM's class path also holds its classes (a benchmark that runs the
     * functions in-process has them there): that artifact on the runtime's class path would shadow the task root.
     */
    static String runtimeClasspath() {
        Set<String> entries = new LinkedHashSet<>();
        Map<String, String> librariesByType = Map.of(
                RUNTIME_CLIENT, "aws-lambda-java-runtime-interface-client",
                "com.amazonaws.services.lambda.runtime.Context", "aws-lambda-java-core",
                "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer", "aws-lambda-java-serialization",
                "software.amazon.awssdk.utilslite.SdkInternalThreadLocal", "utils-lite");
        for (Map.Entry<String, String> library : librariesByType.entrySet()) {
            entries.add(codeSource(library.getKey(), library.getValue()));
        }
        return entries.stream().sorted().collect(Collectors.joining(java.io.File.pathSeparator));
    }

    /** The class path entry holding {@code type}: the library's own jar if there is one, else the first. */
    private static String codeSource(String type, String library) {
        try {
            List<Path> candidates = new ArrayList<>();
            var resources = FunctionProcess.class.getClassLoader().getResources(type.replace('.', '/') + ".class");
            while (resources.hasMoreElements()) {
                java.net.URL url = resources.nextElement();
                String location = url.toString();
                if (location.startsWith("jar:")) {
                    candidates.add(Path.of(java.net.URI.create(location.substring(4, location.indexOf("!/")))));
                } else {
                    Path classFile = Path.of(url.toURI());
                    Path root = classFile;
                    for (int i = 0; i < type.split("\\.").length; i++) {
                        root = root.getParent();
                    }
                    candidates.add(root);
                }
            }
            if (candidates.isEmpty()) {
                throw new IllegalStateException("the Lambda runtime interface client is not on the class path ("
                        + type + ")");
            }
            return candidates.stream().filter(p -> p.getFileName().toString().startsWith(library + "-")).findFirst()
                    .orElse(candidates.get(0)).toString();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot find the Lambda runtime interface client's " + type, e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static void deleteQuietly(Path taskRoot) {
        try (var paths = Files.walk(taskRoot)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
