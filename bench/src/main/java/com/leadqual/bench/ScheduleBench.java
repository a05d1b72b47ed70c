package com.leadqual.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.leadqual.functions.schedule.ScheduleRescoreHandler;
import com.leadqual.scoring.Ruleset;
import com.leadqual.store.LeadTable;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The due-lead schedule on a large table: state items for many leads, a small share of them due now (the rest
 * due later, so the sparse index holds them all), then the real schedule handler's run with counted clients,
 * next to what a full scan of the same table reads, in the same run.
 */
final class ScheduleBench {
    record Result(int leads, int due, int enqueued, long queries, long itemsRead, double readUnits, long sendBatches,
            long scanRequests, long itemsScanned, double scanReadUnits) {
    }

    private ScheduleBench() {
    }

    static void run(Bench.Options options, PrintStream out) throws Exception {
        measure(options, out);
    }

    static Result measure(Bench.Options options, PrintStream out) throws Exception {
        int leads = options.integer("leads", 100_000);
        double dueShare = options.decimal("due", 0.01);
        try (BenchStack stack = BenchStack.start()) {
            long loadStarted = System.nanoTime();
            int due = load(stack, leads, dueShare);
            double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;

            RequestCounter dynamo = new RequestCounter();
            RequestCounter sqs = new RequestCounter();
            ScheduleRescoreHandler schedule = InJvm.scheduleRescore(stack, stack.dynamo(dynamo), stack.sqs(sqs),
                    line -> { });
            long started = System.nanoTime();
            JsonNode summary = SampleEvents.read(InJvm.invoke(schedule, SampleEvents.bytes(SampleEvents.SCHEDULE)));
            double scheduleMillis = (System.nanoTime() - started) / 1e6;

            RequestCounter scan = new RequestCounter();
            DynamoDbClient scanning = stack.bulkDynamo(scan);
            long scanStarted = System.nanoTime();
            Map<String, AttributeValue> startKey = null;
            do {
                Map<String, AttributeValue> from = startKey;
                ScanResponse page = scanning.scan(b -> b.tableName(stack.table()).exclusiveStartKey(from));
                startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
                        : null;
            } while (startKey != null);
            double scanMillis = (System.nanoTime() - scanStarted) / 1e6;

            var query = dynamo.operation("Query");
            var scans = scan.operation("Scan");
            Result result = new Result(leads, due, summary.path("enqueued").asInt(), query.requests.sum(),
                    query.items.sum(), query.capacityUnits.sum(), sqs.requests("SendMessageBatch"),
                    scans.requests.sum(), scans.items.sum(), scans.capacityUnits.sum());
            out.println("## Scheduled rescoring (" + leads + " leads with state, " + due + " due now, the rest due"
                    + " later; loaded in " + Table.decimal(loadSeconds) + " s with BatchWriteItem)");
            out.println();
            out.println(Machine.describe() + ".");
            out.println();
            new Table("reader", "requests", "items read", "read units", "time ms", "leads enqueued", "SendMessageBatch")
                    .row("schedule handler (DueIndex queries, 8 shards)", result.queries(), result.itemsRead(),
                            Table.decimal(result.readUnits()), scheduleMillis, result.enqueued(), result.sendBatches())
                    .row("full table scan, for comparison", result.scanRequests(), result.itemsScanned(),
                            Table.decimal(result.scanReadUnits()), scanMillis, "", "")
                    .print(out);
            out.println("Schedule reads / due leads: " + Table.ratio((double) result.itemsRead() / Math.max(1, due))
                    + "; schedule read units / scan read units: "
                    + Table.ratio(result.readUnits() / Math.max(1e-9, result.scanReadUnits())) + ".");
            out.println();
            return result;
        }
    }

    /** State items as the rescore function writes them, keys and index attributes; returns how many are due. */
    private static int load(BenchStack stack, int leads, double dueShare) throws Exception {
        Instant now = Instant.now();
        String rulesVersion = Ruleset.defaults().version();
        int dueEvery = (int) Math.round(1 / dueShare);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        DynamoDbClient dynamo = stack.bulkDynamo();
        List<Future<?>> writes = new ArrayList<>();
        int due = 0;
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < leads; i++) {
            String lead = LeadTable.leadKey("schedule-lead-" + i + "@northwind-analytics.com");
            boolean isDue = i % dueEvery == 0;
            due += isDue ? 1 : 0;
            Instant dueAt = isDue ? now.minusSeconds(60 + i % 3600) : now.plusSeconds(3600 + i % 86_400);
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(LeadTable.PK, AttributeValue.fromS(lead));
            item.put(LeadTable.SK, AttributeValue.fromS(LeadTable.STATE_SK));
            item.put(LeadTable.RULES_VERSION, AttributeValue.fromS(rulesVersion));
            item.put(LeadTable.DUE_SHARD, AttributeValue.fromS(LeadTable.dueShard(lead)));
            item.put(LeadTable.DUE_AT, AttributeValue.fromS(dueAt.toString()));
            item.put("stage", AttributeValue.fromS("MQL"));
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25 || i == leads - 1) {
                List<WriteRequest> requests = batch;
                batch = new ArrayList<>();
                writes.add(writers.submit(() -> write(dynamo, stack.table(), requests)));
            }
        }
        for (Future<?> write : writes) {
            write.get();
        }
        writers.shutdown();
        return due;
    }

    private static void write(DynamoDbClient dynamo, String table, List<WriteRequest> requests) {
        Map<String, List<WriteRequest>> pending = Map.of(table, requests);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> batch = pending;
            var response = dynamo.batchWriteItem(b -> b.requestItems(batch));
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
    }
}
