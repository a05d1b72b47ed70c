package com.leadqual.functions.leads;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
import com.leadqual.aws.Priming;
import com.leadqual.http.ApiGatewayFunction;
import com.leadqual.ops.Telemetry;
import com.leadqual.store.LeadStateStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.Consumer;

/** GET /leads/{email} behind the API-key REST API (or an HTTP API). Its role may only read state items. */
public final class LeadReadHandler implements RequestStreamHandler {
    static final String NAME = "LeadRead";

    private final LeadReadRoute route;
    private final ApiGatewayFunction function;

    /** Lambda's constructor: one client per container, primed for SnapStart. */
    public LeadReadHandler() {
        this(new LeadReadRoute(new LeadStateStore(AwsClients.dynamoDb(), Env.required("TABLE_NAME"))),
                Telemetry.stdout());
        Priming.beforeSnapshot(NAME, this::prime);
    }

    public LeadReadHandler(LeadReadRoute route, Consumer<String> logs) {
        this.route = route;
        this.function = new ApiGatewayFunction(NAME, route::handle, logs);
    }

    /** The route on the priming lead, logging nowhere; its read is marshalled and not sent. */
    void prime() throws IOException {
        new ApiGatewayFunction(NAME, route::handle, Priming.DISCARD).handle(Priming.httpApiEvent("GET",
                "/leads/{email}", "/leads/" + Priming.LEAD_EMAIL, Map.of(LeadPath.EMAIL, Priming.LEAD_EMAIL), null,
                null), Priming.sink(), "priming");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        function.handle(input, output, context.getAwsRequestId());
    }
}
