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
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
        this(Env.required("ZOOM_WEBHOOK_SECRET_TOKEN").getBytes(StandardCharsets.UTF_8));
    }

    private WebinarIngestHandler(byte[] zoomSecret) {
        this(new WebinarRoutes(
                new LeadEventStore(AwsClients.dynamoDb(), Env.required("TABLE_NAME")),
                new ZoomWebhooks(zoomSecret, ZOOM_TOLERANCE),
                Clock.systemUTC()), Telemetry.stdout());
        Priming.beforeSnapshot(NAME, () -> prime(zoomSecret));
    }

    public WebinarIngestHandler(WebinarRoutes routes, Consumer<String> logs) {
        this.routes = routes;
        this.function = new ApiGatewayFunction(NAME, routes::handle, logs);
    }

    /**
     * Both routes' whole request path, logging nowhere, nothing sent: a generic registration, and a Zoom
     * delivery signed now with the app's secret, as Zoom signs it.
     */
    void prime(byte[] zoomSecret) throws Exception {
        ApiGatewayFunction quiet = new ApiGatewayFunction(NAME, routes::handle, Priming.DISCARD);
        quiet.handle(Priming.httpApiEvent("POST", WebinarRoutes.GENERIC, "application/json", PRIMING_REGISTRATION),
                Priming.sink(), "priming");
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String body = PRIMING_ZOOM.formatted(Instant.now().toEpochMilli(), Priming.LEAD_EMAIL);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(zoomSecret, "HmacSHA256"));
        String signature = "v0=" + HexFormat.of().formatHex(
                mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8)));
        quiet.handle(Priming.httpApiEvent("POST", WebinarRoutes.ZOOM, WebinarRoutes.ZOOM,
                Map.of(), "application/json", body, Map.of(ZoomWebhooks.TIMESTAMP_HEADER, timestamp,
                        ZoomWebhooks.SIGNATURE_HEADER, signature)), Priming.sink(), "priming");
    }

    /** A participant joining, for SnapStart priming: event_ts, then the email. */
    static final String PRIMING_ZOOM = """
            {"event":"webinar.participant_joined","event_ts":%d,"payload":{"account_id":"priming","object":{            "uuid":"priming","id":"1","host_id":"priming","topic":"priming","type":5,            "participant":{"user_name":"Priming","email":"%s","join_time":"2026-01-01T00:00:00Z"}}}}""";

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        function.handle(input, output, context.getAwsRequestId());
    }
}
