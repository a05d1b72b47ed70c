package com.leadqual.it;

import com.leadqual.local.AwsServices;
import com.leadqual.local.LocalAws;
import com.leadqual.local.LocalNames;
import com.leadqual.local.LocalResources;
import com.leadqual.local.SamTemplate;
import com.leadqual.local.SqsEventSource;
import com.leadqual.local.StreamEventSource;
import com.leadqual.local.StreamPipe;
import com.leadqual.store.LeadTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * DynamoDB Local and ElasticMQ in this JVM on loopback, with the table, queues and pipe that template.yaml
 * declares: started once for the whole suite, emptied before each test. With {@code -Dleadqual.backend=localstack}
 * (the suite's second run, see the pom) the same suite runs against LocalStack instead, or is skipped, every
 * test with the reason, where no Docker engine answers.
 */
final class Stack {
    static final Path TEMPLATE = Path.of("..", "template.yaml");
    static final String BACKEND = System.getProperty("leadqual.backend", "local");
    private static Stack instance;
    private static RuntimeException unavailable;

    final AwsServices aws;
    final SamTemplate template;
    final LocalNames names;
    final Pipe pipe;

    /** The template's pipe, polled on demand so each test decides when stream records become queue messages. */
    static final class Pipe {
        private final StreamPipe pipe;

        Pipe(StreamPipe pipe) {
            this.pipe = pipe;
        }

        /** Forwards everything now in the stream; returns the number of messages sent. */
        int pollOnce() {
            try {
                return pipe.pollOnce();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Stack() {
        AutoCloseable started = switch (BACKEND) {
            case "local" -> LocalAws.start(LocalAws.Options.inMemory());
            case "localstack" -> LocalStackServices.start();
            default -> throw new IllegalStateException("leadqual.backend is 'local' or 'localstack', not " + BACKEND);
        };
        aws = (AwsServices) started;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(started)));
        // The handoff's targets are each test's loopback receiver, given to the handler directly (Functions.handoff).
        template = SamTemplate.load(TEMPLATE).withParameters(Map.of("ZoomWebhookSecretToken", Functions.ZOOM_SECRET,
                "HandoffWebhookUrls", "https://crm.example.com/leadqual", "HandoffSigningSecret",
                Functions.HANDOFF_SECRET));
        names = LocalResources.provision(template, aws);
        SamTemplate.Pipe eventsToRescore = template.pipes().get(0);
        pipe = new Pipe(new StreamPipe(eventsToRescore, aws, names, null));
    }

    /** The suite's stack; a backend that cannot start here aborts (skips) every test that asks for it. */
    static synchronized Stack get() {
        if (unavailable != null) {
            throw unavailable;
        }
        if (instance == null) {
            try {
                instance = new Stack();
            } catch (org.opentest4j.TestAbortedException e) {
                unavailable = e;
                throw e;
            }
        }
        return instance;
    }

    /** Why the stack cannot run here, or null when it can (starting it if it has not started yet). */
    static String unavailableReason() {
        try {
            get();
            return null;
        } catch (org.opentest4j.TestAbortedException e) {
            return e.getMessage();
        }
    }

    private static void closeQuietly(AutoCloseable services) {
        try {
            services.close();
        } catch (Exception ignored) {
            // the JVM is exiting
        }
    }

    DynamoDbClient dynamo() {
        return aws.dynamoDb();
    }

    SqsClient sqs() {
        return aws.sqs();
    }

    String table() {
        return names.tableName("LeadsTable");
    }

    String rescoreQueue() {
        return names.queueUrl("RescoreQueue");
    }

    String rescoreDeadLetterQueue() {
        return names.queueUrl("RescoreDeadLetterQueue");
    }

    String undeliveredQueue() {
        return names.queueUrl("HandoffUndeliveredQueue");
    }

    String handoffFailureQueue() {
        return names.queueUrl("HandoffFailureQueue");
    }

    /** Empties the table and the queues, and moves the pipe past everything already in the stream. */
    void reset() {
        pipe.pollOnce();
        for (Map<String, AttributeValue> item : dynamo().scan(ScanRequest.builder().tableName(table()).build()).items()) {
            dynamo().deleteItem(b -> b.tableName(table()).key(Map.of(LeadTable.PK, item.get(LeadTable.PK),
                    LeadTable.SK, item.get(LeadTable.SK))));
        }
        pipe.pollOnce();
        for (String queue : List.of(rescoreQueue(), rescoreDeadLetterQueue(), undeliveredQueue(), handoffFailureQueue())) {
            sqs().purgeQueue(b -> b.queueUrl(queue));
        }
    }

    int itemCount() {
        return dynamo().scan(ScanRequest.builder().tableName(table()).build()).count();
    }

    List<Map<String, AttributeValue>> lead(String email) {
        return dynamo().query(QueryRequest.builder().tableName(table())
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(LeadTable.leadKey(email))))
                .consistentRead(true).build()).items();
    }

    Map<String, AttributeValue> state(String email) {
        return lead(email).stream().filter(i -> i.get(LeadTable.SK).s().equals(LeadTable.STATE_SK)).findFirst()
                .orElse(null);
    }

    long eventCount(String email) {
        return lead(email).stream().filter(i -> i.get(LeadTable.SK).s().startsWith(LeadTable.EVENT_SK_PREFIX)).count();
    }

    List<Message> receiveAll(String queueUrl) {
        List<Message> all = new java.util.ArrayList<>();
        while (true) {
            List<Message> batch = sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).messageSystemAttributeNames(
                            software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.ALL)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
        }
    }

    int approximateMessages(String queueUrl) {
        Map<String, String> attributes = new HashMap<>();
        sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributesAsStrings().forEach(attributes::put);
        return Integer.parseInt(attributes.get("ApproximateNumberOfMessages"))
                + Integer.parseInt(attributes.get("ApproximateNumberOfMessagesNotVisible"));
    }

    /** The handoff function's stream event as the template declares it. */
    SamTemplate.StreamEvent handoffStreamEvent() {
        return (SamTemplate.StreamEvent) template.functions(names).stream()
                .filter(f -> f.logicalId().equals("HandoffFunction")).findFirst().orElseThrow()
                .events().get("StageChanges");
    }

    /**
     * Lambda's stream event source for the handoff function, as the template declares it, starting after
     * everything already in the stream (or where {@code positionFile} says, when it exists).
     */
    StreamEventSource handoffEventSource(Path positionFile, SqsEventSource.Invoker invoker) {
        boolean resume = positionFile != null && positionFile.toFile().exists();
        StreamEventSource source = new StreamEventSource(handoffStreamEvent(), "HandoffFunction", aws, names,
                positionFile, invoker);
        if (!resume) {
            source.skipToEnd();
        }
        return source;
    }

    /** The rescore function's event source as the template declares it; failed messages retry at once. */
    SqsEventSource rescoreEventSource(SqsEventSource.Invoker invoker) {
        SamTemplate.SqsEvent source = template.functions(names).stream()
                .flatMap(f -> f.events().values().stream())
                .filter(SamTemplate.SqsEvent.class::isInstance).map(SamTemplate.SqsEvent.class::cast)
                .findFirst().orElseThrow();
        return new SqsEventSource(sqs(), rescoreQueue(), names.queueArn("RescoreQueue"), source.batchSize(),
                Duration.ZERO, source.reportsBatchItemFailures(), Duration.ZERO, invoker);
    }
}
