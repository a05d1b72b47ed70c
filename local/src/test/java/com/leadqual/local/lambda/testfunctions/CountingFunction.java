package com.leadqual.local.lambda.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers with the event and how many invocations its environment ran before; naps a second when asked: shows
 * the order in which one environment served the invocations that waited for it.
 */
public final class CountingFunction implements RequestStreamHandler {
    private static final AtomicInteger INVOCATIONS = new AtomicInteger();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        int before = INVOCATIONS.getAndIncrement();
        if (event.contains("\"nap\"")) {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        output.write(("{\"event\":" + event + ",\"before\":" + before + "}").getBytes(StandardCharsets.UTF_8));
    }
}
