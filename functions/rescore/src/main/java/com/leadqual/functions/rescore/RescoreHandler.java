package com.leadqual.functions.rescore;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
import com.leadqual.scoring.Ruleset;
import com.leadqual.store.LeadRescorer;
import com.leadqual.store.LeadStateStore;
import java.time.Clock;

/** Rescore queue consumer: one scoring per distinct lead in the batch; reports only the failed messages. */
public final class RescoreHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    /** Conflicting writers of one lead settle within a few rounds; past that, SQS redelivers the message. */
    private static final int MAX_WRITE_ATTEMPTS = 5;

    private final RescoreBatch batch;

    public RescoreHandler() {
        this(new RescoreBatch(
                new LeadRescorer(new LeadStateStore(AwsClients.dynamoDb(), Env.required("TABLE_NAME")),
                        Ruleset.loadOrDefaults(Env.optional("RULES_FILE", "")), MAX_WRITE_ATTEMPTS),
                Clock.systemUTC()));
    }

    public RescoreHandler(RescoreBatch batch) {
        this.batch = batch;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return batch.process(event.getRecords(), context.getLogger()::log);
    }
}
