package com.leadqual.functions.schedule;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
import com.leadqual.scoring.Ruleset;
import com.leadqual.store.DueLeads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * EventBridge schedules: the default scheduled event enqueues the leads whose score changes by now; the input
 * {"mode": "rules-changed"} enqueues every lead scored by another ruleset than the deployed one.
 */
public final class ScheduleRescoreHandler implements RequestStreamHandler {
    static final String RULES_CHANGED = "rules-changed";
    static final String DUE = "due";

    private final ObjectMapper mapper = new ObjectMapper();
    private final RescoreScheduler scheduler;

    public ScheduleRescoreHandler() {
        this(dependencies(AwsClients.dynamoDb(), AwsClients.build(SqsClient.builder())));
    }

    private static RescoreScheduler dependencies(DynamoDbClient dynamo, SqsClient sqs) {
        return new RescoreScheduler(
                new DueLeads(dynamo, Env.required("TABLE_NAME")),
                new RescoreQueue(sqs, Env.required("QUEUE_URL")),
                Ruleset.loadOrDefaults(Env.optional("RULES_FILE", "")),
                Clock.systemUTC());
    }

    public ScheduleRescoreHandler(RescoreScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
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
        context.getLogger().log("schedule mode=" + summary.mode() + " enqueued=" + summary.enqueued());
        mapper.writeValue(output, summary);
    }
}
