package com.leadqual.functions.rescore;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
import com.leadqual.aws.Priming;
import com.leadqual.ops.Telemetry;
import com.leadqual.scoring.EventFields;
import com.leadqual.scoring.EventTypes;
import com.leadqual.scoring.LeadEvent;
import com.leadqual.scoring.LeadHistory;
import com.leadqual.scoring.LeadScorer;
import com.leadqual.scoring.Qualification;
import com.leadqual.scoring.Ruleset;
import com.leadqual.store.LeadRescorer;
import com.leadqual.store.LeadStateStore;
import com.leadqual.store.LeadTable;
import com.leadqual.store.StoreUnavailable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Rescore queue consumer: one scoring per distinct lead in the batch; reports only the failed messages. */
public final class RescoreHandler implements RequestStreamHandler {
    /** Conflicting writers of one lead settle within a few rounds; past that, SQS redelivers the message. */
    private static final int MAX_WRITE_ATTEMPTS = 5;

    static final String NAME = "Rescore";

    private final ObjectMapper mapper = new ObjectMapper();
    private final RescoreBatch batch;
    private final Consumer<String> logs;

    /** Lambda's constructor: one client and one ruleset per container, primed for SnapStart. */
    public RescoreHandler() {
        this(Ruleset.loadOrDefaults(Env.optional("RULES_FILE", "")));
    }

    private RescoreHandler(Ruleset rules) {
        this(rules, new LeadStateStore(AwsClients.dynamoDb(), Env.required("TABLE_NAME")));
    }

    private RescoreHandler(Ruleset rules, LeadStateStore store) {
        this(new RescoreBatch(new LeadRescorer(store, rules, MAX_WRITE_ATTEMPTS), Clock.systemUTC()),
                Telemetry.stdout());
        Priming.beforeSnapshot(NAME, () -> prime(rules, store));
    }

    public RescoreHandler(RescoreBatch batch, Consumer<String> logs) {
        this.batch = batch;
        this.logs = logs;
    }

    /** An SQS event in, the batch item failures out (the template sets ReportBatchItemFailures). */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handle(input, output, context.getAwsRequestId(), logs);
    }

    private void handle(InputStream input, OutputStream output, String requestId, Consumer<String> lines)
            throws IOException {
        List<SqsBatch.Message> messages = SqsBatch.read(mapper, input);
        Telemetry telemetry = new Telemetry(NAME, requestId, lines, Clock.systemUTC());
        List<String> failed;
        try {
            failed = batch.process(messages, telemetry);
        } finally {
            telemetry.flush();
        }
        SqsBatch.writeFailures(mapper, failed, output);
    }

    /**
     * A batch naming the priming lead (its query is marshalled and not sent, so the lead is reported failed,
     * logging nowhere); then what the unsent query kept it from: the engine on a one-event history, and that
     * lead's first state write, marshalled and not sent either.
     */
    void prime(Ruleset rules, LeadStateStore store) throws IOException {
        handle(Priming.event(PRIMING_BATCH), Priming.sink(), "priming", Priming.DISCARD);
        Instant now = Instant.now();
        List<LeadEvent> events = List.of(new LeadEvent("priming", EventTypes.FORM_SUBMITTED, now,
                Map.of(EventFields.FORM_TYPE, EventFields.FormTypes.DEMO_REQUEST,
                        EventFields.JOB_TITLE, "VP of Marketing", EventFields.CONSENT, "true")));
        Qualification q = LeadScorer.score(new LeadHistory(Priming.LEAD_EMAIL, events, null), rules, now);
        try {
            store.save(new LeadStateStore.StoredLead(LeadTable.leadKey(Priming.LEAD_EMAIL), events, null), q);
        } catch (StoreUnavailable notSent) {
            // expected: the write never left
        }
    }

    static final String PRIMING_BATCH = """
            {"Records": [{"messageId": "snapstart-priming", "body": "{\\"pk\\": \\"LEAD#%s\\", \\"cause\\": \\"event\\"}",
              "attributes": {"SentTimestamp": "0"}, "eventSource": "aws:sqs"}]}""".formatted(Priming.LEAD_EMAIL);
}
