package com.leadqual.it;

import com.leadqual.functions.form.AllowList;
import com.leadqual.functions.form.FormIngestHandler;
import com.leadqual.functions.form.FormRoute;
import com.leadqual.functions.handoff.HandoffBatch;
import com.leadqual.functions.handoff.HandoffHandler;
import com.leadqual.functions.handoff.UndeliveredQueue;
import com.leadqual.functions.handoff.UndeliveredRedrive;
import com.leadqual.functions.leads.LeadEraseHandler;
import com.leadqual.functions.leads.LeadEraseRoute;
import com.leadqual.functions.leads.LeadReadHandler;
import com.leadqual.functions.leads.LeadReadRoute;
import com.leadqual.functions.rescore.RescoreBatch;
import com.leadqual.functions.rescore.RescoreHandler;
import com.leadqual.functions.schedule.RescoreQueue;
import com.leadqual.functions.schedule.RescoreScheduler;
import com.leadqual.functions.schedule.ScheduleRescoreHandler;
import com.leadqual.functions.webinar.WebinarIngestHandler;
import com.leadqual.functions.webinar.WebinarRoutes;
import com.leadqual.handoff.WebhookSender;
import com.leadqual.intake.ZoomWebhooks;
import com.leadqual.local.SqsEventSource;
import com.leadqual.scoring.Ruleset;
import com.leadqual.store.DueLeads;
import com.leadqual.store.ErasureAudit;
import com.leadqual.store.LeadErasure;
import com.leadqual.store.LeadEventStore;
import com.leadqual.store.LeadRescorer;
import com.leadqual.store.LeadStateStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The real handler classes, wired to the local stack the way their Lambda constructors wire them to AWS. */
final class Functions {
    static final String ZOOM_SECRET = "local-zoom-secret";
    static final String HANDOFF_SECRET = "local-handoff-signing-secret-0123456789";
    /** Short back-off so retries finish quickly; the attempts are the deployed ones. */
    static final WebhookSender.Policy FAST_RETRIES = new WebhookSender.Policy(
            WebhookSender.Policy.DEFAULT.attempts(), Duration.ofMillis(10), Duration.ofSeconds(2));

    private Functions() {
    }

    static FormIngestHandler formIngest(Stack stack) {
        return formIngest(stack, stack.dynamo());
    }

    static FormIngestHandler formIngest(Stack stack, DynamoDbClient dynamo) {
        return new FormIngestHandler(new FormRoute(new LeadEventStore(dynamo, stack.table()),
                AllowList.parse(stack.template.parameterValue("AllowedOrigins")),
                AllowList.parse(stack.template.parameterValue("RedirectAllowList")),
                Clock.systemUTC()), Lambdas.LOG::add);
    }

    static WebinarIngestHandler webinarIngest(Stack stack) {
        return webinarIngest(stack, stack.dynamo(), Clock.systemUTC());
    }

    static WebinarIngestHandler webinarIngest(Stack stack, DynamoDbClient dynamo, Clock clock) {
        return new WebinarIngestHandler(new WebinarRoutes(new LeadEventStore(dynamo, stack.table()),
                new ZoomWebhooks(ZOOM_SECRET.getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5)), clock),
                Lambdas.LOG::add);
    }

    static RescoreHandler rescore(Stack stack, Clock clock) {
        return rescore(stack, stack.dynamo(), clock);
    }

    static RescoreHandler rescore(Stack stack, DynamoDbClient dynamo, Clock clock) {
        return new RescoreHandler(new RescoreBatch(
                new LeadRescorer(new LeadStateStore(dynamo, stack.table()), Ruleset.defaults(), 5), clock),
                Lambdas.LOG::add);
    }

    static ScheduleRescoreHandler scheduleRescore(Stack stack, Ruleset rules, Clock clock) {
        return new ScheduleRescoreHandler(new RescoreScheduler(new DueLeads(stack.dynamo(), stack.table()),
                new RescoreQueue(stack.sqs(), stack.rescoreQueue()), rules, clock), Lambdas.LOG::add);
    }

    static HandoffHandler handoff(Stack stack, List<URI> targets) {
        return handoff(stack, targets, stack.undeliveredQueue());
    }

    static HandoffHandler handoff(Stack stack, List<URI> targets, String undeliveredQueueUrl) {
        WebhookSender sender = handoffSender();
        ErasureAudit erasures = new ErasureAudit(stack.dynamo(), stack.table());
        UndeliveredQueue queue = new UndeliveredQueue(stack.sqs(), undeliveredQueueUrl);
        return new HandoffHandler(new HandoffBatch(targets, sender, erasures, queue, Clock.systemUTC()),
                new UndeliveredRedrive(targets, sender, erasures, queue), Lambdas.LOG::add);
    }

    static HandoffBatch handoffBatch(Stack stack, List<URI> targets) {
        return new HandoffBatch(targets, handoffSender(), new ErasureAudit(stack.dynamo(), stack.table()),
                new UndeliveredQueue(stack.sqs(), stack.undeliveredQueue()), Clock.systemUTC());
    }

    private static WebhookSender handoffSender() {
        return new WebhookSender(WebhookSender.client(), HANDOFF_SECRET.getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC(), FAST_RETRIES);
    }

    static LeadReadHandler leadRead(Stack stack, DynamoDbClient dynamo) {
        return new LeadReadHandler(new LeadReadRoute(new LeadStateStore(dynamo, stack.table())), Lambdas.LOG::add);
    }

    static LeadEraseHandler leadErase(Stack stack, DynamoDbClient dynamo) {
        return new LeadEraseHandler(new LeadEraseRoute(new LeadErasure(dynamo, stack.table()), Clock.systemUTC()),
                Lambdas.LOG::add);
    }

    /** Lambda's SQS event source feeding the rescore handler. */
    static SqsEventSource rescoreEventSource(Stack stack, RescoreHandler handler) {
        return stack.rescoreEventSource(
                event -> Lambdas.invoke(handler, event));
    }
}
