package com.leadqual.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadqual.functions.handoff.HandoffBatch;
import com.leadqual.handoff.WebhookSender;
import com.leadqual.handoff.WebhookTargets;
import com.leadqual.local.SamTemplate;
import com.leadqual.store.LeadTable;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** template.yaml and the code agree: handlers exist in the packaged artifacts, variables read are set. */
class TemplateContractIT {
    private static final Path ROOT = Path.of("..");
    /** Set by Lambda itself, not by the template. */
    private static final Set<String> LAMBDA_RESERVED = Set.of("AWS_REGION", "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
    private static final Pattern ENV_READ = Pattern.compile("Env\\.(?:required|optional)\\(\\s*\"([A-Z0-9_]+)\"");

    private final Stack stack = Stack.get();
    private final List<SamTemplate.Function> functions = stack.template.functions(stack.names);

    @Test
    void everyHandlerResolvesToAClassAndMethodInsideItsPackagedArtifact() throws Exception {
        assertThat(functions).extracting(SamTemplate.Function::logicalId).containsExactlyInAnyOrder(
                "FormIngestFunction", "WebinarIngestFunction", "RescoreFunction", "ScheduleRescoreFunction",
                "HandoffFunction", "LeadReadFunction", "LeadEraseFunction");
        for (SamTemplate.Function function : functions) {
            Path artifact = ROOT.resolve(function.codeUri());
            assertThat(artifact).as(function.logicalId() + " CodeUri").isRegularFile();
            String[] handler = function.handler().split("::");
            // Only the artifact and the JDK: what the Lambda runtime will have.
            try (URLClassLoader loader = new URLClassLoader(new URL[] {artifact.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader())) {
                Class<?> type = Class.forName(handler[0], false, loader);
                Method method = Arrays.stream(type.getMethods()).filter(m -> m.getName().equals(handler[1]))
                        .filter(m -> !m.isBridge()).findFirst().orElseThrow(
                                () -> new AssertionError(function.handler() + " has no public method " + handler[1]));
                boolean streamHandler = loader.loadClass(RequestStreamHandler.class.getName()).isAssignableFrom(type);
                boolean pojoHandler = loader.loadClass(RequestHandler.class.getName()).isAssignableFrom(type);
                assertThat(streamHandler || pojoHandler).as(function.handler() + " is a Lambda handler").isTrue();
                assertThat(method.getParameterTypes()[method.getParameterCount() - 1].getName())
                        .isEqualTo(Context.class.getName());
                assertThat(type.getConstructor()).as(function.logicalId() + " has the no-argument constructor Lambda calls")
                        .isNotNull();
            }
        }
    }

    @Test
    void everyEnvironmentVariableTheCodeReadsIsSetInTheTemplate() throws IOException {
        for (SamTemplate.Function function : functions) {
            Path module = ROOT.resolve(function.codeUri()).getParent().getParent();
            Set<String> read = variablesReadUnder(module.resolve("src/main/java"));
            read.addAll(variablesReadUnder(ROOT.resolve("shared/src/main/java")));
            read.removeAll(LAMBDA_RESERVED);
            assertThat(read).as(function.logicalId() + " reads").isNotEmpty();
            assertThat(function.environment().keySet()).as(function.logicalId() + " environment")
                    .containsAll(read);
        }
    }

    private static Set<String> variablesReadUnder(Path sources) throws IOException {
        Set<String> names = new HashSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = ENV_READ.matcher(Files.readString(file));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    @Test
    void theTableDeclaresTheIndexesTheCodeQueries() {
        SamTemplate.Table table = stack.template.tables().get(0);
        assertThat(table.keySchema().hashKey()).isEqualTo(LeadTable.PK);
        assertThat(table.keySchema().rangeKey()).isEqualTo(LeadTable.SK);
        SamTemplate.Index due = table.globalSecondaryIndexes().stream().filter(i -> i.name().equals(LeadTable.DUE_INDEX))
                .findFirst().orElseThrow();
        assertThat(due.keySchema()).isEqualTo(new SamTemplate.KeySchema(LeadTable.DUE_SHARD, LeadTable.DUE_AT));
        SamTemplate.Index rules = table.globalSecondaryIndexes().stream()
                .filter(i -> i.name().equals(LeadTable.RULES_VERSION_INDEX)).findFirst().orElseThrow();
        assertThat(rules.keySchema().hashKey()).isEqualTo(LeadTable.RULES_VERSION);
    }

    @Test
    void theRescoreQueueOutwaitsSixRescoreTimeouts() {
        SamTemplate.Function rescore = functions.stream().filter(f -> f.logicalId().equals("RescoreFunction"))
                .findFirst().orElseThrow();
        SamTemplate.Queue queue = stack.template.queues().stream().filter(q -> q.logicalId().equals("RescoreQueue"))
                .findFirst().orElseThrow();
        assertThat(queue.visibilityTimeout()).isGreaterThanOrEqualTo(6 * rescore.timeoutSeconds());
        assertThat(queue.redrive()).isNotNull();
    }

    @Test
    void theHandoffGivesUpOnARecordOnlyAfterBoundedRetriesAndKeepsAPointerToIt() {
        SamTemplate.StreamEvent handoff = stack.handoffStreamEvent();
        SamTemplate.Function function = functions.stream().filter(f -> f.logicalId().equals("HandoffFunction"))
                .findFirst().orElseThrow();
        assertThat(handoff.tableId()).isEqualTo("LeadsTable");
        assertThat(handoff.reportsBatchItemFailures()).isTrue();
        assertThat(handoff.bisectBatchOnFunctionError()).isTrue();
        assertThat(handoff.maximumRetryAttempts()).isBetween(1, 10);
        // Inside the stream's 24 h, so a record given up on can still be read from the stream by its pointer.
        assertThat(handoff.maximumRecordAgeInSeconds()).isBetween(60, 86_400);
        assertThat(handoff.onFailureQueueId()).isEqualTo("HandoffFailureQueue");
        // One record's worst case (every attempt to every target timing out, then parking) fits in the timeout.
        long worstRecordMillis = HandoffBatch.worstCase(WebhookSender.Policy.DEFAULT, WebhookTargets.MAX_TARGETS)
                .toMillis();
        assertThat(function.timeoutSeconds() * 1000L).isGreaterThan(worstRecordMillis + 10_000);
    }
}
