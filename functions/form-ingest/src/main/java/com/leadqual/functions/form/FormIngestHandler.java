package com.leadqual.functions.form;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
import com.leadqual.http.ApiGatewayHttp;
import com.leadqual.http.HttpRequest;
import com.leadqual.http.MalformedEvent;
import com.leadqual.http.Responses;
import com.leadqual.ops.Telemetry;
import com.leadqual.store.LeadEventStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.function.Consumer;

/** POST and OPTIONS /forms behind API Gateway (REST or HTTP API): parse the event, run the route, answer. */
public final class FormIngestHandler implements RequestStreamHandler {
    static final String NAME = "FormIngest";

    private final ApiGatewayHttp http = new ApiGatewayHttp(new ObjectMapper());
    private final FormRoute route;
    private final Consumer<String> logs;

    /** Lambda's constructor: one client and one configuration per container. */
    public FormIngestHandler() {
        this(new FormRoute(
                new LeadEventStore(AwsClients.dynamoDb(), Env.required("TABLE_NAME")),
                AllowList.parse(Env.required("ALLOWED_ORIGINS")),
                AllowList.parse(Env.required("REDIRECT_ALLOW_LIST")),
                Clock.systemUTC()), Telemetry.stdout());
    }

    public FormIngestHandler(FormRoute route, Consumer<String> logs) {
        this.route = route;
        this.logs = logs;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Telemetry telemetry = new Telemetry(NAME, context.getAwsRequestId(), logs, Clock.systemUTC());
        try {
            HttpRequest request = http.read(input);
            http.write(route.handle(request, telemetry), request.version(), output);
        } catch (MalformedEvent e) {
            telemetry.count("Rejected", "Reason", "malformed-event");
            http.write(Responses.error(400, e.getMessage()), HttpRequest.PayloadVersion.V2, output);
        } finally {
            telemetry.flush();
        }
    }
}
