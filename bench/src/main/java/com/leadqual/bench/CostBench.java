package com.leadqual.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.leadqual.functions.form.FormIngestHandler;
import com.leadqual.functions.rescore.RescoreHandler;
import com.leadqual.functions.webinar.WebinarIngestHandler;
import com.leadqual.local.SqsEventSource;
import com.leadqual.local.StreamPipe;
import com.leadqual.store.ItemSizes;
import com.leadqual.store.LeadTable;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * What each accepted event costs, through the real pipeline on the local stack: the ingest handlers (in this
 * JVM, their clients configured as AwsClients does) take generated forms and webinar events, a share of them
 * replayed deliveries; the template's pipe turns stored events into rescore messages; Lambda's SQS event source
 * feeds them, in batches, to the rescore handler. Every client counts its requests and the capacity DynamoDB
 * reports. Then every scored lead is asked to rescore once more with nothing new: that must write nothing.
 */
final class CostBench {
    private static final String[] FORM_TYPES = {"demo_request", "contact_sales", "content_download", "newsletter",
        "trial_signup", "pricing_inquiry"};
    private static final String[] WEBINAR_KINDS = {"registered", "attended"};

    /** The figures the report shows and the smoke test checks. */
    /** stateWrites: write requests of the rescore function (PutItem, or TransactWriteItems for a first state). */
    record Result(int requests, int accepted, int duplicates, int leads, long ingestPutItems, long stateWrites,
            long stateUnchanged, long rescoredLeads, long rescoreQueries, long writesWhenNothingChanged,
            long unchangedWhenNothingChanged, double sendBatchMessagesPerRequest, double receiveMessagesPerRequest,
            double deleteMessagesPerRequest, Set<String> leadsWithoutState) {
    }

    private CostBench() {
    }

    static void run(Bench.Options options, PrintStream out) throws Exception {
        measure(options, out);
    }

    static Result measure(Bench.Options options, PrintStream out) throws Exception {
        int events = options.integer("events", 10_000);
        double replayShare = options.decimal("replays", 0.1);
        int leadCount = options.integer("leads", 2_000);
        int chunk = options.integer("chunk", 200);
        try (BenchStack stack = BenchStack.start()) {
            RequestCounter ingestDynamo = new RequestCounter();
            RequestCounter rescoreDynamo = new RequestCounter();
            RequestCounter pipeSqs = new RequestCounter();
            RequestCounter pipeStreams = new RequestCounter();
            RequestCounter pollerSqs = new RequestCounter();
            EmfMetrics rescoreMetrics = new EmfMetrics();
            EmfMetrics ingestMetrics = new EmfMetrics();

            var dynamoForIngest = stack.dynamo(ingestDynamo);
            FormIngestHandler forms = InJvm.formIngest(stack, dynamoForIngest, ingestMetrics);
            WebinarIngestHandler webinars = InJvm.webinarIngest(stack, dynamoForIngest, ingestMetrics);
            RescoreHandler rescore = InJvm.rescore(stack, stack.dynamo(rescoreDynamo), rescoreMetrics);
            StreamPipe pipe = stack.pipe(stack.streams(pipeStreams), stack.sqs(pipeSqs));
            var rescoreSource = stack.function("RescoreFunction").events().values().stream()
                    .filter(com.leadqual.local.SamTemplate.SqsEvent.class::isInstance)
                    .map(com.leadqual.local.SamTemplate.SqsEvent.class::cast).findFirst().orElseThrow();
            SqsEventSource poller = new SqsEventSource(stack.sqs(pollerSqs), stack.rescoreQueue(),
                    stack.names.queueArn(BenchStack.RESCORE_QUEUE), rescoreSource.batchSize(), Duration.ZERO,
                    rescoreSource.reportsBatchItemFailures(), Duration.ZERO,
                    event -> InJvm.invoke(rescore, event.getBytes(StandardCharsets.UTF_8)));

            Random random = new Random(42);
            List<byte[]> sentForms = new ArrayList<>();
            List<byte[]> sentWebinars = new ArrayList<>();
            Set<String> leads = new HashSet<>();
            int accepted = 0;
            int duplicates = 0;
            long started = System.nanoTime();
            for (int i = 0; i < events; i++) {
                boolean form = random.nextBoolean();
                List<byte[]> sent = form ? sentForms : sentWebinars;
                byte[] request;
                if (!sent.isEmpty() && random.nextDouble() < replayShare) {
                    request = sent.get(random.nextInt(sent.size()));
                } else {
                    String email = "cost-lead-" + random.nextInt(leadCount) + "@northwind-analytics.com";
                    request = form
                            ? SampleEvents.form(email, FORM_TYPES[random.nextInt(FORM_TYPES.length)], "cost-" + i,
                                    Instant.now())
                            : SampleEvents.webinar(email, WEBINAR_KINDS[random.nextInt(2)], "cost-" + i,
                                    "wb-" + random.nextInt(20), Instant.now());
                    sent.add(request);
                }
                JsonNode answer = SampleEvents.read(InJvm.invoke(form ? forms : webinars, request));
                ColdStartBench.check("ingest", answer.toString());
                JsonNode body = SampleEvents.read(answer.path("body").asText());
                if (body.path("duplicate").asBoolean()) {
                    duplicates++;
                } else {
                    accepted++;
                    leads.add(LeadTable.leadKey(SampleEvents.read(SampleEvents.read(request).path("body").asText())
                            .path("email").asText().toLowerCase(java.util.Locale.ROOT)));
                }
                if ((i + 1) % chunk == 0) {
                    drain(pipe, poller);
                }
            }
            drain(pipe, poller);
            double seconds = (System.nanoTime() - started) / 1e9;
            long written = rescoreMetrics.count("StateWritten");
            if (written != rescoreDynamo.writes()) {
                throw new IllegalStateException("rescore reported " + written + " state writes and made "
                        + rescoreDynamo.writes() + " write requests");
            }
            long unchanged = rescoreMetrics.count("StateUnchanged");
            Map<String, RequestCounter.Operation> rescoreOps = rescoreDynamo.operations();
            long queries = rescoreDynamo.requests("Query");
            Map<String, Map<String, AttributeValue>> states = states(stack, leads);
            Set<String> withoutState = new HashSet<>(leads);
            withoutState.removeAll(states.keySet());

            // Every lead once more, as the schedule would enqueue it, with nothing new since its last scoring.
            rescoreMetrics.reset();
            RequestCounter again = new RequestCounter();
            RescoreHandler rescoreAgain = InJvm.rescore(stack, stack.dynamo(again), rescoreMetrics);
            enqueueAll(stack.sqs(), stack.rescoreQueue(), leads);
            SqsEventSource pollerAgain = new SqsEventSource(stack.sqs(), stack.rescoreQueue(),
                    stack.names.queueArn(BenchStack.RESCORE_QUEUE), rescoreSource.batchSize(), Duration.ZERO,
                    true, Duration.ZERO, event -> InJvm.invoke(rescoreAgain, event.getBytes(StandardCharsets.UTF_8)));
            while (pollerAgain.pollOnce(Duration.ZERO).received() > 0) {
                // until the queue is empty
            }

            Result result = new Result(events, accepted, duplicates, leads.size(), ingestDynamo.requests("PutItem"),
                    rescoreDynamo.writes(), unchanged, written + unchanged, queries, again.writes(),
                    rescoreMetrics.count("StateUnchanged"), perRequest(pipeSqs.operation("SendMessageBatch")),
                    perRequest(pollerSqs.operation("ReceiveMessage")),
                    perRequest(pollerSqs.operation("DeleteMessageBatch")), withoutState);
            report(out, options, result, seconds, ingestDynamo, rescoreOps, again, pipeSqs, pollerSqs, pipeStreams);
            reportStateItems(out, states.values());
            return result;
        }
    }

    /** Moves everything through: the pipe forwards what the stream holds, the poller feeds rescore until empty. */
    private static void drain(StreamPipe pipe, SqsEventSource poller) throws Exception {
        pipe.pollOnce();
        while (poller.pollOnce(Duration.ZERO).received() > 0) {
            // until the queue is empty
        }
    }

    private static void enqueueAll(SqsClient sqs, String queueUrl, Set<String> leads) {
        List<String> all = new ArrayList<>(leads);
        for (int from = 0; from < all.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(from + 10, all.size()); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .messageBody("{\"pk\":\"" + all.get(i) + "\",\"cause\":\"due\"}").build());
            }
            sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        }
    }

    /** The state item of every lead that has one, as stored after the run. */
    private static Map<String, Map<String, AttributeValue>> states(BenchStack stack, Set<String> leads) {
        Map<String, Map<String, AttributeValue>> states = new HashMap<>();
        for (String lead : leads) {
            var item = stack.aws.dynamoDb().getItem(b -> b.tableName(stack.table()).consistentRead(true).key(Map.of(
                    LeadTable.PK, AttributeValue.fromS(lead), LeadTable.SK, AttributeValue.fromS(LeadTable.STATE_SK))));
            if (item.hasItem() && !item.item().isEmpty()) {
                states.put(lead, item.item());
            }
        }
        return states;
    }

    /** What a state write is billed by: the item's size by DynamoDB's rules, and which attributes make it. */
    private static void reportStateItems(PrintStream out, Collection<Map<String, AttributeValue>> items) {
        if (items.isEmpty()) {
            return;
        }
        List<Integer> sizes = items.stream().map(ItemSizes::of).sorted().toList();
        long oneUnit = sizes.stream().filter(b -> b <= ItemSizes.WRITE_UNIT_BYTES).count();
        double units = items.stream().mapToInt(ItemSizes::writeUnits).average().orElse(0);
        out.println("### State items as stored at the end (size by DynamoDB's sizing rules, `ItemSizes`)");
        out.println();
        new Table("state items", "median bytes", "95th percentile", "largest", "at most 1 KB (1 write unit)",
                "table write units per state write, by size")
                .row(items.size(), Table.decimal(Table.median(sizes)),
                        sizes.get((int) Math.ceil(sizes.size() * 0.95) - 1), sizes.get(sizes.size() - 1),
                        Math.round(100.0 * oneUnit / items.size()) + "%", Table.decimal(units))
                .print(out);
        Map<String, Long> bytes = new HashMap<>();
        items.forEach(item -> ItemSizes.byAttribute(item).forEach((name, b) -> bytes.merge(name, (long) b, Long::sum)));
        Table byAttribute = new Table("attribute", "mean bytes (name included)", "share");
        long all = bytes.values().stream().mapToLong(Long::longValue).sum();
        bytes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> byAttribute.row(e.getKey(), Table.decimal((double) e.getValue() / items.size()),
                        Math.round(100.0 * e.getValue() / all) + "%"));
        byAttribute.print(out);
    }

    private static double perRequest(RequestCounter.Operation op) {
        long requests = op.requests.sum();
        return requests == 0 ? 0 : (double) op.messages.sum() / requests;
    }

    private static void report(PrintStream out, Bench.Options options, Result r, double seconds,
            RequestCounter ingest, Map<String, RequestCounter.Operation> rescore, RequestCounter again,
            RequestCounter pipeSqs, RequestCounter pollerSqs, RequestCounter pipeStreams) {
        out.println("## Cost per event (" + r.requests() + " ingest requests, " + Math.round(options.decimal("replays",
                0.1) * 100) + "% replays, " + options.integer("leads", 2_000) + " possible leads, pipe and queue"
                + " drained every " + options.integer("chunk", 200) + " requests)");
        out.println();
        out.println(Machine.describe() + "; " + Table.decimal(seconds) + " s for the whole pipeline.");
        out.println();
        new Table("requests", "accepted events", "replays answered duplicate", "leads", "rescore outcomes: written",
                "unchanged", "leads without state afterwards")
                .row(r.requests(), r.accepted(), r.duplicates(), r.leads(), r.stateWrites(), r.stateUnchanged(),
                        r.leadsWithoutState().size())
                .print(out);
        out.println("### DynamoDB, by function and operation (capacity as DynamoDB Local reports it with"
                + " ReturnConsumedCapacity INDEXES; index entries: the KEYS_ONLY DueIndex and RulesVersionIndex)");
        out.println();
        Table dynamo = new Table("function", "operation", "requests", "per accepted event", "per ingest request",
                "failed (why)", "items returned", "capacity units", "of which index entries", "capacity per request",
                "capacity per accepted event");
        addRows(dynamo, "ingest", ingest.operations(), r);
        addRows(dynamo, "rescore", rescore, r);
        addRows(dynamo, "rescore, nothing new", again.operations(), r);
        dynamo.print(out);
        out.println("Capacity of a failed conditional write (a replay) is not reported by DynamoDB Local; DynamoDB"
                + " charges it as a write of the item's size (1 WCU for these items, under 1 KB).");
        out.println();
        out.println("### SQS, by caller and operation (both callers are AWS-managed: the pipe and Lambda's event"
                + " source, emulated here)");
        out.println();
        Table sqs = new Table("caller", "operation", "requests", "per accepted event", "messages", "messages per request");
        for (var entry : pipeSqs.operations().entrySet()) {
            sqsRow(sqs, "pipe", entry.getKey(), entry.getValue(), r);
        }
        for (var entry : pollerSqs.operations().entrySet()) {
            sqsRow(sqs, "Lambda SQS poller", entry.getKey(), entry.getValue(), r);
        }
        sqs.print(out);
        out.println("The pipe's stream reads (emulated, free for a pipe reading a DynamoDB stream): "
                + pipeStreams.operations().entrySet().stream().map(e -> e.getKey() + " " + e.getValue().requests.sum())
                        .reduce((a, b) -> a + ", " + b).orElse("none") + ".");
        out.println();
        out.println("### Targets");
        out.println();
        new Table("target", "measured", "verdict")
                .row("one write per ingest request (accepted or replayed)",
                        Table.ratio((double) r.ingestPutItems() / r.requests()) + " PutItem per request",
                        r.ingestPutItems() == r.requests() ? "holds" : "MISSES")
                .row("at most one state write per rescored lead",
                        r.stateWrites() + " writes for " + r.rescoredLeads() + " rescorings ("
                                + Table.ratio((double) r.stateWrites() / Math.max(1, r.rescoredLeads())) + ")",
                        r.stateWrites() <= r.rescoredLeads() ? "holds" : "MISSES")
                .row("no write when nothing changed",
                        r.writesWhenNothingChanged() + " writes for " + r.leads() + " leads rescored again",
                        r.writesWhenNothingChanged() == 0 ? "holds" : "MISSES")
                .row("SQS requests batched",
                        "send " + Table.decimal(r.sendBatchMessagesPerRequest()) + ", receive "
                                + Table.decimal(r.receiveMessagesPerRequest()) + ", delete "
                                + Table.decimal(r.deleteMessagesPerRequest()) + " messages per request",
                        r.sendBatchMessagesPerRequest() > 1 && r.deleteMessagesPerRequest() > 1 ? "holds" : "MISSES")
                .print(out);
    }

    private static void addRows(Table table, String function, Map<String, RequestCounter.Operation> ops, Result r) {
        for (var entry : ops.entrySet()) {
            RequestCounter.Operation op = entry.getValue();
            long requests = op.requests.sum();
            table.row(function, entry.getKey(), requests, (double) requests / r.accepted(),
                    (double) requests / r.requests(),
                    op.failed.sum() + (op.failures.isEmpty() ? "" : " " + op.failures.keySet()),
                    op.items.sum(), op.capacityReports.sum() == 0 ? "not reported" : Table.decimal(op.capacityUnits.sum()),
                    op.capacityReports.sum() == 0 ? "" : Table.decimal(op.capacityUnits.sum() - op.tableUnits.sum()),
                    op.capacityReports.sum() == 0 ? "" : Table.decimal(op.capacityUnits.sum() / op.capacityReports.sum()),
                    op.capacityReports.sum() == 0 ? "" : Table.decimal(op.capacityUnits.sum() / r.accepted()));
        }
    }

    private static void sqsRow(Table table, String caller, String operation, RequestCounter.Operation op, Result r) {
        long requests = op.requests.sum();
        table.row(caller, operation, requests, (double) requests / r.accepted(), op.messages.sum(),
                requests == 0 ? 0.0 : (double) op.messages.sum() / requests);
    }
}
