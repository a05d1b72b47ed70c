package com.leadqual.functions.leads;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
import com.leadqual.aws.Priming;
import com.leadqual.http.ApiGatewayFunction;
import com.leadqual.ops.Telemetry;
import com.leadqual.store.LeadErasure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/** DELETE /leads/{email} behind the API-key REST API. Its own role: the only one that may delete lead items. */
public final class LeadEraseHandler implements RequestStreamHandler {
    static final String NAME = "LeadErase";

    private final LeadEraseRoute route;
    private final ApiGatewayFunction function;

    /** Lambda's constructor: one client per container, primed for SnapStart. */
    public LeadEraseHandler() {
        this(new LeadEraseRoute(new LeadErasure(AwsClients.dynamoDb(), Env.required("TABLE_NAME")),
                Clock.systemUTC()), Telemetry.stdout());
        Priming.beforeSnapshot(NAME, this::prime);
    }

    public LeadEraseHandler(LeadEraseRoute route, Consumer<String> logs) {
        this.route = route;
        this.function = new ApiGatewayFunction(NAME, route::handle, logs);
    }

    /** The route on the priming lead, logging nowhere; its erasure is marshalled and not sent. */
    void prime() throws IOException {
        new ApiGatewayFunction(NAME, route::handle, Priming.DISCARD).handle(Priming.httpApiEvent("DELETE",
                "/leads/{email}", "/leads/" + Priming.LEAD_EMAIL, Map.of(LeadPath.EMAIL, Priming.LEAD_EMAIL), null,
                null), Priming.sink(), "priming");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        function.handle(input, output, context.getAwsRequestId());
    }
}
