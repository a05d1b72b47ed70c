package com.leadqual.functions.form;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
import com.leadqual.http.ApiGatewayHttp;
import com.leadqual.http.HttpRequest;
import com.leadqual.http.HttpResponse;
import com.leadqual.http.MalformedEvent;
import com.leadqual.http.Responses;
import com.leadqual.store.LeadEventStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;

/** POST and OPTIONS /forms behind API Gateway (REST or HTTP API): parse the event, run the route, answer. */
public final class FormIngestHandler implements RequestStreamHandler {
    private final ApiGatewayHttp http = new ApiGatewayHttp(new ObjectMapper());
    private final FormRoute route;

    /** Lambda's constructor: one client and one configuration per container. */
    public FormIngestHandler() {
        this(new FormRoute(
                new LeadEventStore(AwsClients.dynamoDb(), Env.required("TABLE_NAME")),
                AllowList.parse(Env.required("ALLOWED_ORIGINS")),
                AllowList.parse(Env.required("REDIRECT_ALLOW_LIST")),
                Clock.systemUTC()));
    }

    public FormIngestHandler(FormRoute route) {
        this.route = route;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HttpRequest request;
        try {
            request = http.read(input);
        } catch (MalformedEvent e) {
            http.write(Responses.error(400, e.getMessage()), HttpRequest.PayloadVersion.V2, output);
            return;
        }
        HttpResponse response = route.handle(request, context.getLogger()::log);
        http.write(response, request.version(), output);
    }
}
