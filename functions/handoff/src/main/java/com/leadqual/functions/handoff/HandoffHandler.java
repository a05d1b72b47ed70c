package com.leadqual.functions.handoff;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
import com.leadqual.handoff.WebhookSender;
import com.leadqual.handoff.WebhookTargets;
import com.leadqual.ops.Telemetry;
import com.leadqual.store.ErasureAudit;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The table's stream (state items whose write changed the stage, as the event's FilterCriteria selects) to
 * signed webhook notifications; answers Lambda's partial batch response. Invoked with
 * {@code {"redrive": {"maxMessages": 100}}} it sends parked notifications again instead.
 */
public final class HandoffHandler implements RequestStreamHandler {
    static final String NAME = "Handoff";

    private final ObjectMapper mapper = new ObjectMapper();
    static final int DEFAULT_REDRIVE = 100;

    private final HandoffBatch batch;
    private final UndeliveredRedrive redrive;
    private final Consumer<String> logs;

    /** Lambda's constructor: clients, targets and secret read once per container. */
    public HandoffHandler() {
        this(Wiring.fromEnvironment(), Telemetry.stdout());
    }

    private HandoffHandler(Wiring wiring, Consumer<String> logs) {
        this(wiring.batch(), wiring.redrive(), logs);
    }

    public HandoffHandler(HandoffBatch batch, UndeliveredRedrive redrive, Consumer<String> logs) {
        this.batch = batch;
        this.redrive = redrive;
        this.logs = logs;
    }

    /** Both uses share one set of targets, sender, erasure check and queue. */
    private record Wiring(HandoffBatch batch, UndeliveredRedrive redrive) {
        static Wiring fromEnvironment() {
            List<URI> targets = WebhookTargets.parse(Env.required("WEBHOOK_URLS"));
            WebhookSender sender = new WebhookSender(WebhookSender.client(),
                    Env.required("WEBHOOK_SIGNING_SECRET").getBytes(StandardCharsets.UTF_8), Clock.systemUTC(),
                    WebhookSender.Policy.DEFAULT);
            ErasureAudit erasures = new ErasureAudit(AwsClients.dynamoDb(), Env.required("TABLE_NAME"));
            UndeliveredQueue queue = new UndeliveredQueue(AwsClients.build(SqsClient.builder()),
                    Env.required("UNDELIVERED_QUEUE_URL"));
            return new Wiring(new HandoffBatch(targets, sender, erasures, queue, Clock.systemUTC()),
                    new UndeliveredRedrive(targets, sender, erasures, queue));
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = mapper.readTree(input);
        boolean stream = event != null && event.path("Records").isArray();
        if (!stream && (event == null || !event.has("redrive"))) {
            // Failing loudly beats answering "all delivered" for records never seen.
            throw new IllegalArgumentException("expected a DynamoDB stream event with Records, or {\"redrive\": {}}");
        }
        Telemetry telemetry = new Telemetry(NAME, context.getAwsRequestId(), logs, Clock.systemUTC());
        try {
            if (stream) {
                mapper.writeValue(output, batch.process(event, telemetry, () -> context.getRemainingTimeInMillis()));
            } else {
                int max = event.path("redrive").path("maxMessages").asInt(DEFAULT_REDRIVE);
                mapper.writeValue(output, redrive.redrive(Math.max(1, max), telemetry,
                        () -> context.getRemainingTimeInMillis()));
            }
        } finally {
            telemetry.flush();
        }
    }
}
