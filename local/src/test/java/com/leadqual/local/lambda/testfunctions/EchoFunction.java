package com.leadqual.local.lambda.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Answers with the event, the request id and a variable of its environment; fails or hangs when asked. */
public final class EchoFunction implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        if (event.contains("\"fail\"")) {
            throw new IllegalArgumentException("asked to fail");
        }
        if (event.contains("\"hang\"")) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        System.out.println("echo log line");
        String answer = "{\"event\":" + event + ",\"requestId\":\"" + context.getAwsRequestId()
                + "\",\"greeting\":\"" + System.getenv("GREETING") + "\",\"pid\":" + ProcessHandle.current().pid()
                + ",\"remainingMs\":" + context.getRemainingTimeInMillis() + "}";
        output.write(answer.getBytes(StandardCharsets.UTF_8));
    }
}
