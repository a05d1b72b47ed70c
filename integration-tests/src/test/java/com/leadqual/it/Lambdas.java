package com.leadqual.it;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Invokes handlers the way the Lambda Java runtime invokes stream handlers: JSON in, JSON out. */
final class Lambdas {
    /** Every line a handler logged through its context, for assertions on what reaches CloudWatch. */
    static final List<String> LOG = new CopyOnWriteArrayList<>();

    private Lambdas() {
    }

    static String invoke(RequestStreamHandler handler, String event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static Context context() {
        String requestId = UUID.randomUUID().toString();
        LambdaLogger logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                LOG.add(message);
            }

            @Override
            public void log(byte[] message) {
                LOG.add(new String(message, StandardCharsets.UTF_8));
            }
        };
        return new Context() {
            public String getAwsRequestId() { return requestId; }
            public String getLogGroupName() { return "/aws/lambda/test"; }
            public String getLogStreamName() { return "test"; }
            public String getFunctionName() { return "test"; }
            public String getFunctionVersion() { return "$LATEST"; }
            public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:test"; }
            public CognitoIdentity getIdentity() { return null; }
            public ClientContext getClientContext() { return null; }
            public int getRemainingTimeInMillis() { return 15_000; }
            public int getMemoryLimitInMB() { return 1024; }
            public LambdaLogger getLogger() { return logger; }
        };
    }
}
