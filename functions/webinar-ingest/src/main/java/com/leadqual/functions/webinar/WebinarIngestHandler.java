package com.leadqual.functions.webinar;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
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

    private final ApiGatewayFunction function;

    public WebinarIngestHandler() {
        this(new WebinarRoutes(
                new LeadEventStore(AwsClients.dynamoDb(), Env.required("TABLE_NAME")),
                new ZoomWebhooks(Env.required("ZOOM_WEBHOOK_SECRET_TOKEN").getBytes(StandardCharsets.UTF_8),
                        ZOOM_TOLERANCE),
                Clock.systemUTC()), Telemetry.stdout());
    }

    public WebinarIngestHandler(WebinarRoutes routes, Consumer<String> logs) {
        this.function = new ApiGatewayFunction("WebinarIngest", routes::handle, logs);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        function.handle(input, output, context.getAwsRequestId());
    }
}
