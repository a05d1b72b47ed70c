package com.leadqual.it;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips a jqwik property, with the reason, when the suite's stack cannot run here (LocalStack without Docker):
 * JUnit tests abort through {@link Stack#get()}, but jqwik reports an abort while creating the instance as an error.
 */
final class StackAvailable implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        String why = Stack.unavailableReason();
        return why == null ? SkipResult.doNotSkip() : SkipResult.skip(why);
    }
}
