package com.leadqual.local.lambda.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.crac.Core;
import org.crac.Resource;

/** Registers org.crac hooks as a SnapStart function does, and answers which of them ran. */
public final class PrimedFunction implements RequestStreamHandler {
    private static volatile boolean primed;
    private static volatile boolean restored;

    /** Held here: the runtime's context keeps resources only weakly. */
    private final Resource hooks = new Resource() {
        @Override
        public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
            primed = true;
        }

        @Override
        public void afterRestore(org.crac.Context<? extends Resource> context) {
            restored = primed;
        }
    };

    public PrimedFunction() {
        Core.getGlobalContext().register(hooks);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(("{\"primed\":" + primed + ",\"restored\":" + restored + "}").getBytes(StandardCharsets.UTF_8));
    }
}
