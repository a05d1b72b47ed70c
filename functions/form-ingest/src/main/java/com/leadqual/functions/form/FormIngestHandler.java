package com.leadqual.functions.form;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
import com.leadqual.http.ApiGatewayFunction;
import com.leadqual.ops.Telemetry;
import com.leadqual.store.LeadEventStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.function.Consumer;

/** POST and OPTIONS /forms behind API Gateway (REST or HTTP API). */
public final class FormIngestHandler implements RequestStreamHandler {
    private final ApiGatewayFunction function;

    /** Lambda's constructor: one client and one configuration per container. */
    public FormIngestHandler() {
        this(new FormRoute(
                new LeadEventStore(AwsClients.dynamoDb(), Env.required("TABLE_NAME")),
                AllowList.parse(Env.required("ALLOWED_ORIGINS")),
                AllowList.parse(Env.required("REDIRECT_ALLOW_LIST")),
                Clock.systemUTC()), Telemetry.stdout());
    }

    public FormIngestHandler(FormRoute route, Consumer<String> logs) {
        this.function = new ApiGatewayFunction("FormIngest", route::handle, logs);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        function.handle(input, output, context.getAwsRequestId());
    }
}
