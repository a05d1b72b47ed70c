package com.leadqual.local.lambda.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Fails in its constructor, as a function with a missing environment variable does. */
public final class BrokenInitFunction implements RequestHandler<Map<String, Object>, String> {
    public BrokenInitFunction() {
        throw new IllegalStateException("environment variable TABLE_NAME is not set");
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return "unreachable";
    }
}
