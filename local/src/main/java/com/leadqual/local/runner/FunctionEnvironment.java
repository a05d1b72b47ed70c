package com.leadqual.local.runner;

import com.leadqual.local.LocalAws;
import com.leadqual.local.SamTemplate;
import com.leadqual.local.SamTemplateException;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * The environment of a function's JVM: exactly what Lambda would give it (the template's resolved variables, with
 * Globals merged, plus Lambda's reserved variables) and the local endpoints and credentials, nothing from the
 * runner's own environment.
 */
public final class FunctionEnvironment {
    /** Variables Lambda sets itself and refuses in a function's configuration. */
    private static final Set<String> RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION",
            "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    private FunctionEnvironment() {
    }

    /**
     * @throws SamTemplateException when the template sets a variable Lambda reserves (a deployment would fail)
     */
    public static Map<String, String> of(SamTemplate.Function function, URI dynamoEndpoint, URI sqsEndpoint) {
        for (String name : function.environment().keySet()) {
            if (RESERVED.contains(name)) {
                throw new SamTemplateException("function " + function.logicalId() + " sets the reserved environment"
                        + " variable " + name + ", which Lambda refuses");
            }
        }
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        AwsCredentials credentials = LocalAws.credentials().resolveCredentials();
        env.put("AWS_REGION", LocalAws.REGION);
        env.put("AWS_DEFAULT_REGION", LocalAws.REGION);
        env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        // The SDK reads these (AwsClients sets no endpoint of its own), so the real clients reach the local servers.
        env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoEndpoint.toString());
        env.put("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", dynamoEndpoint.toString());
        env.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint.toString());
        String name = function.logicalId();
        env.put("AWS_LAMBDA_FUNCTION_NAME", name);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memorySize()));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/')
                + "/[$LATEST]" + UUID.randomUUID().toString().replace("-", ""));
        env.put("AWS_LAMBDA_LOG_FORMAT", function.logFormat());
        if ("JSON".equals(function.logFormat()) && function.applicationLogLevel() != null) {
            env.put("AWS_LAMBDA_LOG_LEVEL", function.applicationLogLevel());
        }
        if (function.runtime() != null) {
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        }
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        return env;
    }
}
