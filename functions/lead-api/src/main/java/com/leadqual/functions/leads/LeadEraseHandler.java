package com.leadqual.functions.leads;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
import com.leadqual.http.ApiGatewayFunction;
import com.leadqual.ops.Telemetry;
import com.leadqual.store.LeadErasure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.function.Consumer;

/** DELETE /leads/{email} behind the API-key REST API. Its own role: the only one that may delete lead items. */
public final class LeadEraseHandler implements RequestStreamHandler {
    private final ApiGatewayFunction function;

    public LeadEraseHandler() {
        this(new LeadEraseRoute(new LeadErasure(AwsClients.dynamoDb(), Env.required("TABLE_NAME")),
                Clock.systemUTC()), Telemetry.stdout());
    }

    public LeadEraseHandler(LeadEraseRoute route, Consumer<String> logs) {
        this.function = new ApiGatewayFunction("LeadErase", route::handle, logs);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        function.handle(input, output, context.getAwsRequestId());
    }
}
