package com.leadqual.functions.webinar;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
import com.leadqual.aws.Priming;
import com.leadqual.http.ApiGatewayFunction;
import com.leadqual.intake.ZoomWebhooks;
import com.leadqual.ops.Telemetry;
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
    /** A webinar registration for SnapStart priming: validated, its write marshalled and not sent. */
    static final String PRIMING_REGISTRATION = """
            {"email": "%s", "event": "registered", "webinarId": "snapstart-priming", "eventId": "snapstart-priming",
             "jobTitle": "VP of Marketing", "companySize": "250", "country": "US", "consent": true}"""
            .formatted(Priming.LEAD_EMAIL);

    private final WebinarRoutes routes;
    private final ApiGatewayFunction function;

    /** Lambda's constructor: one client and one configuration per container, primed for SnapStart. */
    public WebinarIngestHandler() {
        this(new WebinarRoutes(
                new LeadEventStore(AwsClients.dynamoDb(), Env.required("TABLE_NAME")),
                new ZoomWebhooks(Env.required("ZOOM_WEBHOOK_SECRET_TOKEN").getBytes(StandardCharsets.UTF_8),
                        ZOOM_TOLERANCE),
                Clock.systemUTC()), Telemetry.stdout());
        Priming.beforeSnapshot(NAME, this::prime);
    }

    public WebinarIngestHandler(WebinarRoutes routes, Consumer<String> logs) {
        this.routes = routes;
        this.function = new ApiGatewayFunction(NAME, routes::handle, logs);
    }

    /** The generic route's whole request path on a sample registration, logging nowhere; nothing is sent. */
    void prime() throws IOException {
        new ApiGatewayFunction(NAME, routes::handle, Priming.DISCARD).handle(
                Priming.httpApiEvent("POST", WebinarRoutes.GENERIC, "application/json", PRIMING_REGISTRATION),
                Priming.sink(), "priming");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        function.handle(input, output, context.getAwsRequestId());
    }
}
