package com.leadqual.bench;

import com.leadqual.aws.AwsClients;
import com.leadqual.local.LocalAws;
import com.leadqual.local.LocalNames;
import com.leadqual.local.LocalResources;
import com.leadqual.local.SamTemplate;
import com.leadqual.local.StreamPipe;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * DynamoDB Local and ElasticMQ on loopback with the template's table, queues and pipe, and what a function
 * sees there: its environment as Lambda gives it, and SDK clients configured as {@link AwsClients} does.
 */
final class BenchStack implements AutoCloseable {
    static final String ZOOM_SECRET = "bench-zoom-secret";
    static final String TABLE = "LeadsTable";
    static final String RESCORE_QUEUE = "RescoreQueue";

    static final String HANDOFF_SECRET = "bench-handoff-signing-secret-0123456789";

    final LocalAws aws;
    final SamTemplate template;
    final LocalNames names;
    /** Where the handoff function posts stage changes. */
    final WebhookReceiver webhook;
    private final List<AutoCloseable> clients = new java.util.ArrayList<>();

    private BenchStack(LocalAws aws, WebhookReceiver webhook, SamTemplate template, LocalNames names) {
        this.aws = aws;
        this.webhook = webhook;
        this.template = template;
        this.names = names;
    }

    /** The template's parameters without a default, given values that work on loopback. */
    static BenchStack start() {
        LocalAws aws = LocalAws.start(LocalAws.Options.inMemory());
        WebhookReceiver webhook = new WebhookReceiver();
        try {
            SamTemplate template = SamTemplate.load(Repo.template()).withParameters(Map.of(
                    "ZoomWebhookSecretToken", ZOOM_SECRET,
                    "HandoffWebhookUrls", webhook.url(),
                    "HandoffSigningSecret", HANDOFF_SECRET));
            return new BenchStack(aws, webhook, template, LocalResources.provision(template, aws));
        } catch (RuntimeException e) {
            webhook.close();
            aws.close();
            throw e;
        }
    }

    List<SamTemplate.Function> functions() {
        return template.functions(names);
    }

    SamTemplate.Function function(String logicalId) {
        return functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("template.yaml has no function " + logicalId));
    }

    String table() {
        return names.tableName(TABLE);
    }

    String rescoreQueue() {
        return names.queueUrl(RESCORE_QUEUE);
    }

    /**
     * The process environment Lambda gives the function: the template's variables (JAVA_TOOL_OPTIONS from
     * Globals included), the reserved ones Lambda sets, and the endpoints of the local services, which the SDK
     * follows by itself.
     */
    Map<String, String> lambdaEnvironment(SamTemplate.Function function) {
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        env.putAll(reservedEnvironment(function.logicalId(), function.memorySize()));
        return env;
    }

    Map<String, String> reservedEnvironment(String name, int memoryMb) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", LocalAws.REGION);
        env.put("AWS_DEFAULT_REGION", LocalAws.REGION);
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_SESSION_TOKEN", "local");
        env.put("AWS_LAMBDA_FUNCTION_NAME", name);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", aws.dynamoEndpoint().toString());
        env.put("AWS_ENDPOINT_URL_SQS", aws.sqsEndpoint().toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return env;
    }

    /** A DynamoDB client configured as the functions' (AwsClients), pointed at DynamoDB Local. */
    DynamoDbClient dynamo(ExecutionInterceptor... interceptors) {
        return track(DynamoDbClient.builder().endpointOverride(aws.dynamoEndpoint()).region(Region.of(LocalAws.REGION))
                .credentialsProvider(LocalAws.credentials()).httpClient(AwsClients.httpClient())
                .overrideConfiguration(withInterceptors(interceptors)).build());
    }

    /**
     * A client for the bench's own bulk work (loading a table, scanning it whole): DynamoDB Local takes longer
     * than the functions' timeouts for a 1 MB page of a large table on a busy machine.
     */
    DynamoDbClient bulkDynamo(ExecutionInterceptor... interceptors) {
        ClientOverrideConfiguration.Builder config = ClientOverrideConfiguration.builder()
                .apiCallTimeout(java.time.Duration.ofMinutes(2)).apiCallAttemptTimeout(java.time.Duration.ofMinutes(1));
        for (ExecutionInterceptor interceptor : interceptors) {
            config.addExecutionInterceptor(interceptor);
        }
        return track(DynamoDbClient.builder().endpointOverride(aws.dynamoEndpoint()).region(Region.of(LocalAws.REGION))
                .credentialsProvider(LocalAws.credentials()).httpClient(software.amazon.awssdk.http.urlconnection
                        .UrlConnectionHttpClient.builder().socketTimeout(java.time.Duration.ofMinutes(1)).build())
                .overrideConfiguration(config.build()).build());
    }

    SqsClient sqs(ExecutionInterceptor... interceptors) {
        return track(SqsClient.builder().endpointOverride(aws.sqsEndpoint()).region(Region.of(LocalAws.REGION))
                .credentialsProvider(LocalAws.credentials()).httpClient(AwsClients.httpClient())
                .overrideConfiguration(withInterceptors(interceptors)).build());
    }

    DynamoDbStreamsClient streams(ExecutionInterceptor... interceptors) {
        return track(DynamoDbStreamsClient.builder().endpointOverride(aws.dynamoEndpoint())
                .region(Region.of(LocalAws.REGION)).credentialsProvider(LocalAws.credentials())
                .httpClient(AwsClients.httpClient()).overrideConfiguration(withInterceptors(interceptors)).build());
    }

    /** The template's pipe (stream to rescore queue), reading and sending through the given clients. */
    StreamPipe pipe(DynamoDbStreamsClient streams, SqsClient sqs) {
        return new StreamPipe(template.pipes().get(0), streams, sqs, names, null);
    }

    private static ClientOverrideConfiguration withInterceptors(ExecutionInterceptor... interceptors) {
        ClientOverrideConfiguration.Builder config = AwsClients.timeouts().toBuilder();
        for (ExecutionInterceptor interceptor : interceptors) {
            config.addExecutionInterceptor(interceptor);
        }
        return config.build();
    }

    private <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closing a client cannot fail in a way that matters here
            }
        }
        webhook.close();
        aws.close();
    }
}
