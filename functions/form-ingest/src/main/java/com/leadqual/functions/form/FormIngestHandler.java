package com.leadqual.functions.form;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
import com.leadqual.aws.Priming;
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
    static final String NAME = "FormIngest";
    /** A JSON form for SnapStart priming: validated, turned into an event, its write marshalled and not sent. */
    static final String PRIMING_FORM = """
            {"email": "%s", "formType": "demo_request", "jobTitle": "VP of Marketing", "companySize": "250",
             "industry": "software", "country": "US", "consent": true}""".formatted(Priming.LEAD_EMAIL);

    private final FormRoute route;
    private final ApiGatewayFunction function;

    /** Lambda's constructor: one client and one configuration per container, primed for SnapStart. */
    public FormIngestHandler() {
        this(new FormRoute(
                new LeadEventStore(AwsClients.dynamoDb(), Env.required("TABLE_NAME")),
                AllowList.parse(Env.required("ALLOWED_ORIGINS")),
                AllowList.parse(Env.required("REDIRECT_ALLOW_LIST")),
                Clock.systemUTC()), Telemetry.stdout());
        Priming.beforeSnapshot(NAME, this::prime);
    }

    public FormIngestHandler(FormRoute route, Consumer<String> logs) {
        this.route = route;
        this.function = new ApiGatewayFunction(NAME, route::handle, logs);
    }

    /** The whole request path on a sample form, logging nowhere; the store's write is not sent. */
    void prime() throws IOException {
        new ApiGatewayFunction(NAME, route::handle, Priming.DISCARD)
                .handle(Priming.httpApiEvent("POST", "/forms", "application/json", PRIMING_FORM), Priming.sink(),
                        "priming");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        function.handle(input, output, context.getAwsRequestId());
    }
}
