package com.leadqual.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadqual.functions.form.AllowList;
import com.leadqual.functions.form.FormIngestHandler;
import com.leadqual.functions.form.FormRoute;
import com.leadqual.functions.rescore.RescoreBatch;
import com.leadqual.functions.rescore.RescoreHandler;
import com.leadqual.functions.schedule.RescoreQueue;
import com.leadqual.functions.schedule.RescoreScheduler;
import com.leadqual.functions.schedule.ScheduleRescoreHandler;
import com.leadqual.functions.webinar.WebinarIngestHandler;
import com.leadqual.functions.webinar.WebinarRoutes;
import com.leadqual.intake.ZoomWebhooks;
import com.leadqual.scoring.Ruleset;
import com.leadqual.store.DueLeads;
import com.leadqual.store.LeadEventStore;
import com.leadqual.store.LeadRescorer;
import com.leadqual.store.LeadStateStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The real handler classes in this JVM, wired through their dependency constructors the way their Lambda
 * constructors wire them (same stores, rules and limits), and invoked the way the Java runtime invokes them.
 */
final class InJvm {
    private InJvm() {
    }

    static FormIngestHandler formIngest(BenchStack stack, DynamoDbClient dynamo, Consumer<String> logs) {
        return new FormIngestHandler(new FormRoute(new LeadEventStore(dynamo, stack.table()),
                AllowList.parse(stack.template.parameterValue("AllowedOrigins")),
                AllowList.parse(stack.template.parameterValue("RedirectAllowList")), Clock.systemUTC()), logs);
    }

    static WebinarIngestHandler webinarIngest(BenchStack stack, DynamoDbClient dynamo, Consumer<String> logs) {
        return new WebinarIngestHandler(new WebinarRoutes(new LeadEventStore(dynamo, stack.table()),
                new ZoomWebhooks(BenchStack.ZOOM_SECRET.getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5)),
                Clock.systemUTC()), logs);
    }

    /** Five write attempts, as RescoreHandler's Lambda constructor uses. */
    static RescoreHandler rescore(BenchStack stack, DynamoDbClient dynamo, Consumer<String> logs) {
        return new RescoreHandler(new RescoreBatch(
                new LeadRescorer(new LeadStateStore(dynamo, stack.table()), Ruleset.defaults(), 5),
                Clock.systemUTC()), logs);
    }

    static ScheduleRescoreHandler scheduleRescore(BenchStack stack, DynamoDbClient dynamo, SqsClient sqs,
            Consumer<String> logs) {
        return new ScheduleRescoreHandler(new RescoreScheduler(new DueLeads(dynamo, stack.table()),
                new RescoreQueue(sqs, stack.rescoreQueue()), Ruleset.defaults(), Clock.systemUTC()), logs);
    }

    static String invoke(RequestStreamHandler handler, byte[] event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, context());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static Context context() {
        String requestId = UUID.randomUUID().toString();
        LambdaLogger logger = new LambdaLogger() {
            @Override
            public void log(String message) {
            }

            @Override
            public void log(byte[] message) {
            }
        };
        return new Context() {
            public String getAwsRequestId() { return requestId; }
            public String getLogGroupName() { return "/aws/lambda/bench"; }
            public String getLogStreamName() { return "bench"; }
            public String getFunctionName() { return "bench"; }
            public String getFunctionVersion() { return "$LATEST"; }
            public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:bench"; }
            public CognitoIdentity getIdentity() { return null; }
            public ClientContext getClientContext() { return null; }
            public int getRemainingTimeInMillis() { return 15_000; }
            public int getMemoryLimitInMB() { return 1024; }
            public LambdaLogger getLogger() { return logger; }
        };
    }
}
