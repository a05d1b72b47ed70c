package com.leadqual.functions.rescore;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
import com.leadqual.ops.Telemetry;
import com.leadqual.scoring.Ruleset;
import com.leadqual.store.LeadRescorer;
import com.leadqual.store.LeadStateStore;
import java.time.Clock;
import java.util.function.Consumer;

/** Rescore queue consumer: one scoring per distinct lead in the batch; reports only the failed messages. */
public final class RescoreHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** Conflicting writers of one lead settle within a few rounds; past that, SQS redelivers the message. */
    private static final int MAX_WRITE_ATTEMPTS = 5;

    static final String NAME = "Rescore";

    private final RescoreBatch batch;
    private final Consumer<String> logs;

    public RescoreHandler() {
        this(new RescoreBatch(
                new LeadRescorer(new LeadStateStore(AwsClients.dynamoDb(), Env.required("TABLE_NAME")),
                        Ruleset.loadOrDefaults(Env.optional("RULES_FILE", "")), MAX_WRITE_ATTEMPTS),
                Clock.systemUTC()), Telemetry.stdout());
    }

    public RescoreHandler(RescoreBatch batch, Consumer<String> logs) {
        this.batch = batch;
        this.logs = logs;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Telemetry telemetry = new Telemetry(NAME, context.getAwsRequestId(), logs, Clock.systemUTC());
        try {
            return batch.process(event.getRecords(), telemetry);
        } finally {
            telemetry.flush();
        }
    }
}
