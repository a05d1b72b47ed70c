package com.leadqual.functions.rescore;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
import com.leadqual.ops.Telemetry;
import com.leadqual.scoring.Ruleset;
import com.leadqual.store.LeadRescorer;
import com.leadqual.store.LeadStateStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/** Rescore queue consumer: one scoring per distinct lead in the batch; reports only the failed messages. */
public final class RescoreHandler implements RequestStreamHandler {
    /** Conflicting writers of one lead settle within a few rounds; past that, SQS redelivers the message. */
    private static final int MAX_WRITE_ATTEMPTS = 5;

    static final String NAME = "Rescore";

    private final ObjectMapper mapper = new ObjectMapper();
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

    /** An SQS event in, the batch item failures out (the template sets ReportBatchItemFailures). */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        List<SqsBatch.Message> messages = SqsBatch.read(mapper, input);
        Telemetry telemetry = new Telemetry(NAME, context.getAwsRequestId(), logs, Clock.systemUTC());
        List<String> failed;
        try {
            failed = batch.process(messages, telemetry);
        } finally {
            telemetry.flush();
        }
        SqsBatch.writeFailures(mapper, failed, output);
    }
}
