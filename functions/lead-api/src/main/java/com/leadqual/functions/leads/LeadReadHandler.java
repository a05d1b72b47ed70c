package com.leadqual.functions.leads;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
import com.leadqual.http.ApiGatewayFunction;
import com.leadqual.ops.Telemetry;
import com.leadqual.store.LeadStateStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/** GET /leads/{email} behind the API-key REST API (or an HTTP API). Its role may only read state items. */
public final class LeadReadHandler implements RequestStreamHandler {
    private final ApiGatewayFunction function;

    public LeadReadHandler() {
        this(new LeadReadRoute(new LeadStateStore(AwsClients.dynamoDb(), Env.required("TABLE_NAME"))),
                Telemetry.stdout());
    }

    public LeadReadHandler(LeadReadRoute route, Consumer<String> logs) {
        this.function = new ApiGatewayFunction("LeadRead", route::handle, logs);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        function.handle(input, output, context.getAwsRequestId());
    }
}
