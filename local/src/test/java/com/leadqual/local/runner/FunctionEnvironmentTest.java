package com.leadqual.local.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadqual.local.LocalNames;
import com.leadqual.local.SamTemplate;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionEnvironmentTest {
    private static final URI DYNAMO = URI.create("http://127.0.0.1:8000");
    private static final URI SQS = URI.create("http://127.0.0.1:9324");
    private static final LocalNames NAMES = new LocalNames(Map.of("LeadsTable", "LeadsTable"), Map.of(
            "RescoreQueue", "http://127.0.0.1:9324/000000000000/RescoreQueue",
            "HandoffUndeliveredQueue", "http://127.0.0.1:9324/000000000000/HandoffUndeliveredQueue"), Map.of(),
            Map.of());

    private static SamTemplate.Function function(String id) {
        SamTemplate template = SamTemplate.load(Path.of("..", "template.yaml"));
        return template.withParameters(LocalParameters.resolve(template, Path.of("..", "local", "parameters.properties"),
                Map.of(), 3000)).functions(NAMES).stream()
                .filter(f -> f.logicalId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aFunctionSeesItsTemplateVariablesLambdasAndTheLocalEndpointsOnly() {
        Map<String, String> env = FunctionEnvironment.of(function("ScheduleRescoreFunction"), DYNAMO, SQS);

        assertThat(env).containsEntry("TABLE_NAME", "LeadsTable")
                .containsEntry("QUEUE_URL", "http://127.0.0.1:9324/000000000000/RescoreQueue")
                .containsEntry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")
                .containsEntry("AWS_REGION", "us-east-1").containsEntry("AWS_DEFAULT_REGION", "us-east-1")
                .containsEntry("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000")
                .containsEntry("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9324")
                .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "ScheduleRescoreFunction")
                .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")
                .containsEntry("AWS_LAMBDA_LOG_FORMAT", "JSON").containsEntry("AWS_LAMBDA_LOG_LEVEL", "INFO")
                .containsEntry("AWS_EXECUTION_ENV", "AWS_Lambda_java21")
                .containsKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_LAMBDA_LOG_STREAM_NAME");
        assertThat(env).doesNotContainKeys("HOME", "USER", "MAVEN_OPTS", "AWS_PROFILE");
    }

    @Test
    void aReservedVariableInTheTemplateIsRefusedAsLambdaRefusesIt() {
        SamTemplate.Function f = function("FormIngestFunction");
        SamTemplate.Function bad = new SamTemplate.Function(f.logicalId(), f.codeUri(), f.handler(), f.runtime(),
                f.architectures(), f.timeoutSeconds(), f.memorySize(), Map.of("AWS_REGION", "eu-west-1"), f.events(),
                f.logFormat(), f.applicationLogLevel());

        assertThatThrownBy(() -> FunctionEnvironment.of(bad, DYNAMO, SQS)).hasMessageContaining("AWS_REGION")
                .hasMessageContaining("reserved");
    }
}
