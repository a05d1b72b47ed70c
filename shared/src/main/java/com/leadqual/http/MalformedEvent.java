package com.leadqual.http;

/** The invocation payload is not an API Gateway proxy event, or its body is not valid base64. */
public final class MalformedEvent extends RuntimeException {
    public MalformedEvent(String message) {
        super(message);
    }
}
