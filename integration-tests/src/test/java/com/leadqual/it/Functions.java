package com.leadqual.it;

import com.leadqual.functions.form.AllowList;
import com.leadqual.functions.form.FormIngestHandler;
import com.leadqual.functions.form.FormRoute;
import com.leadqual.functions.rescore.RescoreBatch;
import com.leadqual.functions.rescore.RescoreHandler;
import com.leadqual.functions.schedule.RescoreQueue;
import com.leadqual.functions.schedule.RescoreScheduler;
import com.leadqual.functions.schedule.ScheduleRescoreHandler;
import com.leadqual.functions.webinar.WebinarIngestHandler;
import com.leadqual.functions.webinar.WebinarRoutes;
import com.leadqual.intake.ZoomWebhooks;
import com.leadqual.local.SqsEventSource;
import com.leadqual.scoring.Ruleset;
import com.leadqual.store.DueLeads;
import com.leadqual.store.LeadEventStore;
import com.leadqual.store.LeadRescorer;
import com.leadqual.store.LeadStateStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The real handler classes, wired to the local stack the way their Lambda constructors wire them to AWS. */
final class Functions {
    static final String ZOOM_SECRET = "local-zoom-secret";

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

    /** Lambda's SQS event source feeding the rescore handler. */
    static SqsEventSource rescoreEventSource(Stack stack, RescoreHandler handler) {
        return stack.rescoreEventSource(
                event -> Lambdas.invoke(handler, event));
    }
}
