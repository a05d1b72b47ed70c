package com.leadqual.functions.schedule;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
import com.leadqual.aws.Priming;
import com.leadqual.ops.Telemetry;
import com.leadqual.scoring.Ruleset;
import com.leadqual.store.DueLeads;
import com.leadqual.store.LeadTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * EventBridge schedules: the default scheduled event enqueues the leads whose score changes by now; the input
 * {"mode": "rules-changed"} enqueues every lead scored by another ruleset than the deployed one.
 */
public final class ScheduleRescoreHandler implements RequestStreamHandler {
    static final String RULES_CHANGED = "rules-changed";
    static final String DUE = "due";

    static final String NAME = "ScheduleRescore";

    private final ObjectMapper mapper = new ObjectMapper();
    private final RescoreScheduler scheduler;
    private final Consumer<String> logs;

    /** Lambda's constructor: one client each per container, primed for SnapStart. */
    public ScheduleRescoreHandler() {
        this(AwsClients.dynamoDb(), new RescoreQueue(AwsClients.build(SqsClient.builder()), Env.required("QUEUE_URL")));
    }

    private ScheduleRescoreHandler(DynamoDbClient dynamo, RescoreQueue queue) {
        this(new RescoreScheduler(new DueLeads(dynamo, Env.required("TABLE_NAME")), queue,
                Ruleset.loadOrDefaults(Env.optional("RULES_FILE", "")), Clock.systemUTC()), Telemetry.stdout());
        Priming.beforeSnapshot(NAME, () -> prime(queue));
    }

    public ScheduleRescoreHandler(RescoreScheduler scheduler, Consumer<String> logs) {
        this.scheduler = scheduler;
        this.logs = logs;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handle(input, output, context.getAwsRequestId(), logs);
    }

    private void handle(InputStream input, OutputStream output, String requestId, Consumer<String> lines)
            throws IOException {
        JsonNode event = mapper.readTree(input);
        String mode = event == null ? "" : event.path("mode").asText("");
        RescoreScheduler.Summary summary;
        if (mode.equals(RULES_CHANGED)) {
            summary = scheduler.enqueueScoredByOtherRules();
        } else if (mode.equals(DUE) || (event != null && event.path("detail-type").asText("").equals("Scheduled Event"))) {
            summary = scheduler.enqueueDue();
        } else {
            throw new IllegalArgumentException(
                    "expected a scheduled event or {\"mode\": \"" + RULES_CHANGED + "\"} / {\"mode\": \"" + DUE + "\"}");
        }
        Telemetry telemetry = new Telemetry(NAME, requestId, lines, Clock.systemUTC());
        telemetry.count("Enqueued", "Mode", summary.mode(), summary.enqueued());
        telemetry.info("leads enqueued for rescoring", "mode", summary.mode(), "enqueued", summary.enqueued());
        telemetry.flush();
        mapper.writeValue(output, summary);
    }

    /**
     * The scheduled event (its index query is marshalled and not sent, so the run stops there), then a batch
     * of one rescore request, marshalled and not sent either.
     */
    void prime(RescoreQueue queue) throws IOException {
        try {
            handle(Priming.event(PRIMING_EVENT), Priming.sink(), "priming", Priming.DISCARD);
        } catch (SdkException notSent) {
            // expected: the query never left
        }
        try (RescoreQueue.Batcher batcher = queue.batcher(DUE)) {
            batcher.add(LeadTable.leadKey(Priming.LEAD_EMAIL));
        } catch (SdkException notSent) {
            // expected: the batch never left
        }
    }

    static final String PRIMING_EVENT = """
            {"version": "0", "detail-type": "Scheduled Event", "source": "aws.events", "detail": {}}""";
}
