package com.leadqual.functions.webinar;

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
import com.leadqual.intake.ZoomWebhooks;
import com.leadqual.store.LeadEventStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/** POST /webinars (generic JSON) and POST /webinars/zoom (Zoom webhooks) behind API Gateway. */
public final class WebinarIngestHandler implements RequestStreamHandler {
    /** Zoom signs a timestamp; older deliveries are refused so a captured request cannot be replayed later. */
    private static final Duration ZOOM_TOLERANCE = Duration.ofMinutes(5);

    static final String NAME = "WebinarIngest";

    private final ApiGatewayHttp http = new ApiGatewayHttp(new ObjectMapper());
    private final WebinarRoutes routes;
    private final Consumer<String> logs;

    public WebinarIngestHandler() {
        this(new WebinarRoutes(
                new LeadEventStore(AwsClients.dynamoDb(), Env.required("TABLE_NAME")),
                new ZoomWebhooks(Env.required("ZOOM_WEBHOOK_SECRET_TOKEN").getBytes(StandardCharsets.UTF_8),
                        ZOOM_TOLERANCE),
                Clock.systemUTC()), Telemetry.stdout());
    }

    public WebinarIngestHandler(WebinarRoutes routes, Consumer<String> logs) {
        this.routes = routes;
        this.logs = logs;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Telemetry telemetry = new Telemetry(NAME, context.getAwsRequestId(), logs, Clock.systemUTC());
        try {
            HttpRequest request = http.read(input);
            http.write(routes.handle(request, telemetry), request.version(), output);
        } catch (MalformedEvent e) {
            telemetry.count("Rejected", "Reason", "malformed-event");
            http.write(Responses.error(400, e.getMessage()), HttpRequest.PayloadVersion.V2, output);
        } finally {
            telemetry.flush();
        }
    }
}
