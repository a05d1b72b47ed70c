package com.leadqual.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.local.lambda.testfunctions.EchoFunction;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real runtime interface client in a child JVM, driven through our Runtime API. */
class FunctionProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    private static Path artifact;
    private final List<String> output = new CopyOnWriteArrayList<>();

    /** A function artifact holding only the test functions and org.crac, like a shaded CodeUri jar. */
    @BeforeAll
    static void packageTestFunctions() throws Exception {
        artifact = dir.resolve("test-functions.jar");
        Path classes = Path.of(EchoFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path pkg = classes.resolve("com/leadqual/local/lambda/testfunctions");
        Path crac = Path.of(org.crac.Core.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (OutputStream file = Files.newOutputStream(artifact); JarOutputStream jar = new JarOutputStream(file);
                var classFiles = Files.list(pkg); var cracJar = new java.util.zip.ZipFile(crac.toFile())) {
            for (Path c : classFiles.toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(c).toString()));
                jar.write(Files.readAllBytes(c));
                jar.closeEntry();
            }
            for (var entries = cracJar.entries(); entries.hasMoreElements(); ) {
                var entry = entries.nextElement();
                if (entry.getName().startsWith("org/crac/") && !entry.isDirectory()) {
                    jar.putNextEntry(new JarEntry(entry.getName()));
                    try (var in = cracJar.getInputStream(entry)) {
                        in.transferTo(jar);
                    }
                    jar.closeEntry();
                }
            }
        }
    }

    private FunctionProcess function(String handler, Duration timeout) {
        return function(handler, timeout, Map.of());
    }

    private FunctionProcess function(String handler, Duration timeout, Map<String, String> extraEnvironment) {
        Map<String, String> environment = new java.util.HashMap<>(
                Map.of("GREETING", "hello", "AWS_REGION", "us-east-1", "PATH", System.getenv("PATH")));
        environment.putAll(extraEnvironment);
        return FunctionProcess.of(new FunctionProcess.Spec("Echo", handler, artifact, environment, 256, timeout),
                output::add);
    }

    private static JsonNode json(LambdaRuntimeApi.Response response) throws IOException {
        return JSON.readTree(response.payload());
    }

    @Test
    void invokesTheHandlerWithTheEventAndItsEnvironmentOnly() throws Exception {
        try (FunctionProcess echo = function(EchoFunction.class.getName() + "::handleRequest", Duration.ofSeconds(10))) {
            JsonNode first = json(echo.invoke("{\"n\":1}".getBytes(StandardCharsets.UTF_8)));
            JsonNode second = json(echo.invoke("{\"n\":2}".getBytes(StandardCharsets.UTF_8)));

            assertThat(first.path("event").path("n").asInt()).isEqualTo(1);
            assertThat(second.path("event").path("n").asInt()).isEqualTo(2);
            assertThat(first.path("greeting").asText()).isEqualTo("hello");
            assertThat(first.path("requestId").asText()).isNotEqualTo(second.path("requestId").asText());
            assertThat(first.path("remainingMs").asLong()).isBetween(1L, 10_000L);
            assertThat(first.path("pid").asLong()).as("one warm environment").isEqualTo(second.path("pid").asLong())
                    .isNotEqualTo(ProcessHandle.current().pid());
            assertThat(output).contains("echo log line");
        }
    }

    @Test
    void aFunctionErrorIsAnErrorResponseAndTheEnvironmentStaysWarm() throws Exception {
        try (FunctionProcess echo = function(EchoFunction.class.getName(), Duration.ofSeconds(10))) {
            long pid = json(echo.invoke("{}".getBytes(StandardCharsets.UTF_8))).path("pid").asLong();
            LambdaRuntimeApi.Response failed = echo.invoke("{\"fail\":1}".getBytes(StandardCharsets.UTF_8));

            assertThat(failed.error()).isTrue();
            assertThat(json(failed).path("errorMessage").asText()).isEqualTo("asked to fail");
            assertThat(json(failed).path("errorType").asText()).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(json(echo.invoke("{}".getBytes(StandardCharsets.UTF_8))).path("pid").asLong()).isEqualTo(pid);
        }
    }

    @Test
    void aTimeoutDiscardsTheEnvironmentAndTheNextInvocationStartsCold() throws Exception {
        try (FunctionProcess echo = function(EchoFunction.class.getName(), Duration.ofSeconds(2))) {
            long pid = json(echo.invoke("{}".getBytes(StandardCharsets.UTF_8))).path("pid").asLong();

            assertThatThrownBy(() -> echo.invoke("{\"hang\":1}".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(FunctionProcess.InvocationFailed.class).hasMessageContaining("timed out after 2 seconds");
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(json(echo.invoke("{}".getBytes(StandardCharsets.UTF_8))).path("pid").asLong()).isNotEqualTo(pid);
        }
    }

    @Test
    void aSnapStartInitRunsTheCheckpointHooksBeforeTheSnapshotPointAndTheRestoreHooksAfter() throws Exception {
        String handler = "com.leadqual.local.lambda.testfunctions.PrimedFunction";
        try (FunctionProcess snapStart = function(handler, Duration.ofSeconds(10),
                Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"))) {
            long init = snapStart.warmUp();
            JsonNode answer = json(snapStart.invoke("{}".getBytes(StandardCharsets.UTF_8)));

            assertThat(answer.path("primed").asBoolean()).isTrue();
            assertThat(answer.path("restored").asBoolean()).isTrue();
            assertThat(snapStart.snapshotPointNanos()).isPositive().isLessThanOrEqualTo(init);
        }
        try (FunctionProcess onDemand = function(handler, Duration.ofSeconds(10))) {
            JsonNode answer = json(onDemand.invoke("{}".getBytes(StandardCharsets.UTF_8)));

            assertThat(answer.path("primed").asBoolean()).isFalse();
            assertThat(onDemand.snapshotPointNanos()).isEqualTo(-1);
        }
    }

    @Test
    void anInitFailureSaysWhy() {
        try (FunctionProcess broken = function("com.leadqual.local.lambda.testfunctions.BrokenInitFunction",
                Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> broken.invoke("{}".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(FunctionProcess.InvocationFailed.class)
                    .hasMessageContaining("init failed").hasMessageContaining("TABLE_NAME is not set");
        }
    }

    @Test
    void aMissingArtifactIsRefusedUpFront() {
        assertThatThrownBy(() -> FunctionProcess.of(new FunctionProcess.Spec("Missing", "x.Y", dir.resolve("none.jar"),
                Map.of(), 128, Duration.ofSeconds(3)), output::add))
                .hasMessageContaining("does not exist").hasMessageContaining("mvn -B package");
    }
}
