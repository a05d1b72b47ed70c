package com.leadqual.store;

/** DynamoDB did not answer or refused for a transient reason: nothing is known to be stored; retry. */
public final class StoreUnavailable extends RuntimeException {
    public StoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
