package com.leadqual.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.intake.Emails;
import com.leadqual.scoring.Contribution;
import com.leadqual.scoring.LeadHistory;
import com.leadqual.scoring.LeadScorer;
import com.leadqual.scoring.Qualification;
import com.leadqual.scoring.Ruleset;
import com.leadqual.store.LeadState;
import com.leadqual.store.LeadStateStore;
import com.leadqual.store.LeadTable;
import com.leadqual.store.StateItems;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * After a load run, against the runner it ran on (endpoints and names from its {@code GET /_local/info}): waits,
 * bounded, until rescoring has drained, then checks what the requests file ({@link LoadRecord}) says was accepted
 * against what the table holds.
 *
 * <ul>
 *   <li>Every event answered as accepted (2xx, not duplicate) is stored exactly once: event items are counted per
 *       eventId over a full scan.</li>
 *   <li>No event is stored that was not accepted, unless its request's answer was lost: the generator computed
 *       every request's event id before sending it, so a stored id not answered as accepted is traced to its
 *       request; it is allowed only when that request got no answer (timeout, connection error) or the API's own
 *       503 (its 30 s integration limit passed while the function ran on), and reported as such; a 5xx from the
 *       function itself promises nothing was stored.</li>
 *   <li>Replays stored nothing and were answered as duplicates; every answer's eventId is the derived one.</li>
 *   <li>Every lead's state is scoring its stored events from scratch with the shared engine at the state's own
 *       scoredAt: stage, fit, engagement, total, grade, reasons, the event count and the ruleset version.</li>
 *   <li>No message in any dead-letter or parking queue.</li>
 * </ul>
 *
 * <pre>java -cp reliability/target/reliability.jar com.leadqual.reliability.LoadVerifier \
 *   --api http://127.0.0.1:3000 --requests reliability/target/load/requests.jsonl --drain-seconds 300</pre>
 * Exits 0 when every check holds, 1 otherwise.
 */
public final class LoadVerifier implements AutoCloseable {
    static final Set<String> OPTIONS = Set.of("api", "requests", "drain-seconds", "rules-file");
    static final String RESCORE_QUEUE = "RescoreQueue";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One check of the report: its name, whether it held, and the figures or the first problems behind it. */
    record Check(String name, boolean passed, String detail) {
    }

    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final String table;
    private final Map<String, String> queues;
    private final Ruleset rules;

    LoadVerifier(URI api, Ruleset rules) throws Exception {
        JsonNode info = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(api.resolve("/_local/info"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body());
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                info.get("accessKeyId").asText(), info.get("secretAccessKey").asText()));
        Region region = Region.of(info.get("region").asText());
        this.dynamo = DynamoDbClient.builder().endpointOverride(URI.create(info.get("dynamodb").asText()))
                .region(region).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        this.sqs = SqsClient.builder().endpointOverride(URI.create(info.get("sqs").asText()))
                .region(region).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        this.table = info.get("tables").get("LeadsTable").get("name").asText();
        Map<String, String> q = new TreeMap<>();
        info.get("queues").fields().forEachRemaining(e -> q.put(e.getKey(), e.getValue().asText()));
        this.queues = q;
        this.rules = rules;
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, OPTIONS);
        List<LoadRecord> records = LoadRecord.read(Path.of(o.text("requests", "reliability/target/load/requests.jsonl")));
        try (LoadVerifier verifier = new LoadVerifier(URI.create(o.text("api", "http://127.0.0.1:3000")),
                Ruleset.loadOrDefaults(o.text("rules-file", "")))) {
            Drain drain = verifier.awaitDrained(Duration.ofSeconds(o.integer("drain-seconds", 300)));
            List<Check> checks = new ArrayList<>();
            checks.add(drain.check());
            checks.addAll(verifier.verify(records));
            checks.forEach(c -> System.out.println((c.passed() ? "PASS " : "FAIL ") + c.name() + ": " + c.detail()));
            System.exit(checks.stream().allMatch(Check::passed) ? 0 : 1);
        }
    }

    /** Whether rescoring drained within the limit, when it was first seen drained, and what was left if not. */
    record Drain(boolean drained, long drainedEpochMillis, int polls, String left) {
        Check check() {
            return new Check("rescoring drained (rescore queue empty, every lead scored from all its events)", drained,
                    drained ? "after " + polls + " polls" : "not within the limit: " + left);
        }
    }

    /**
     * Polls once a second until the rescore queue holds nothing (visible, in flight or delayed) and every lead's
     * state counts all its stored events, in one pass, twice in a row (a pass takes a scan, so a message the pipe
     * queues during it is seen by the next one).
     */
    Drain awaitDrained(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        int polls = 0;
        int drainedInARow = 0;
        long firstDrained = 0;
        String left = "";
        while (true) {
            polls++;
            int queued = queued(RESCORE_QUEUE);
            Snapshot snapshot = queued == 0 ? snapshot() : null;
            List<String> behind = snapshot == null ? List.of() : snapshot.leadsBehind();
            if (queued == 0 && behind.isEmpty()) {
                if (drainedInARow++ == 0) {
                    firstDrained = System.currentTimeMillis();
                }
                if (drainedInARow == 2) {
                    return new Drain(true, firstDrained, polls, "");
                }
            } else {
                drainedInARow = 0;
                left = queued + " messages in " + RESCORE_QUEUE + (snapshot == null ? ""
                        : ", " + behind.size() + " leads whose state does not count all their events");
            }
            if (System.nanoTime() > deadline) {
                return new Drain(false, 0, polls, left);
            }
            Thread.sleep(1_000);
        }
    }

    /** Messages visible, in flight and delayed. */
    int queued(String logicalId) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(queues.get(logicalId))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return a.values().stream().mapToInt(Integer::parseInt).sum();
    }

    /** Event items per eventId and per lead, and each lead's state's event count, from one scan. */
    record Snapshot(Map<String, Integer> copiesById, Map<String, Integer> eventsByLead, Map<String, Integer> stateCounts) {
        List<String> leadsBehind() {
            return eventsByLead.entrySet().stream()
                    .filter(e -> !Objects.equals(stateCounts.get(e.getKey()), e.getValue()))
                    .map(Map.Entry::getKey).toList();
        }

        int storedEvents() {
            return copiesById.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    Snapshot snapshot() {
        Map<String, Integer> copies = new HashMap<>();
        Map<String, Integer> byLead = new HashMap<>();
        Map<String, Integer> stateCounts = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = dynamo.scan(ScanRequest.builder().tableName(table).consistentRead(true)
                    .exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                String pk = item.get(LeadTable.PK).s();
                String sk = item.get(LeadTable.SK).s();
                if (sk.startsWith(LeadTable.EVENT_SK_PREFIX)) {
                    copies.merge(item.get("eventId").s(), 1, Integer::sum);
                    byLead.merge(pk, 1, Integer::sum);
                } else if (sk.equals(LeadTable.STATE_SK) && item.containsKey(StateItems.EVENT_COUNT)) {
                    stateCounts.put(pk, Integer.parseInt(item.get(StateItems.EVENT_COUNT).n()));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return new Snapshot(copies, byLead, stateCounts);
    }

    List<Check> verify(List<LoadRecord> records) {
        List<Check> checks = new ArrayList<>();
        Snapshot snapshot = snapshot();
        Set<String> accepted = new HashSet<>();
        Map<String, List<LoadRecord>> byId = new HashMap<>();
        for (LoadRecord r : records) {
            byId.computeIfAbsent(r.eventId(), k -> new ArrayList<>()).add(r);
            if (r.ok() && !r.duplicate()) {
                accepted.add(r.eventId());
            }
        }

        List<String> problems = new ArrayList<>();
        for (String id : accepted) {
            int copies = snapshot.copiesById().getOrDefault(id, 0);
            if (copies != 1) {
                problems.add("accepted event " + id + " is stored " + copies + " times");
            }
        }
        checks.add(new Check("every accepted event stored exactly once", problems.isEmpty(),
                problems.isEmpty() ? accepted.size() + " accepted, each stored once" : summary(problems)));

        problems = new ArrayList<>();
        int afterLostAnswer = 0;
        for (Map.Entry<String, Integer> stored : snapshot.copiesById().entrySet()) {
            if (accepted.contains(stored.getKey())) {
                continue;
            }
            List<LoadRecord> sentWithId = byId.getOrDefault(stored.getKey(), List.of());
            if (!sentWithId.isEmpty() && sentWithId.stream().allMatch(LoadRecord::answerLost)) {
                afterLostAnswer++;
                if (stored.getValue() != 1) {
                    problems.add("event " + stored.getKey() + " (answer lost) is stored " + stored.getValue() + " times");
                }
            } else {
                problems.add("event " + stored.getKey() + " is stored but " + (sentWithId.isEmpty()
                        ? "no request derives its id" : "was answered " + sentWithId.stream()
                                .map(r -> r.status() + (r.duplicate() ? " duplicate" : "")
                                        + (r.fromFunction() ? " by the function" : "")).toList()));
            }
        }
        checks.add(new Check("no event stored that was not accepted, except after a lost answer", problems.isEmpty(),
                (problems.isEmpty() ? "" : summary(problems) + "; ") + snapshot.storedEvents() + " event items stored, "
                        + afterLostAnswer + " of them for requests whose answer was lost (no answer, or the API's 503"
                        + " after 30 s)"));

        problems = new ArrayList<>();
        int replays = 0;
        for (LoadRecord r : records) {
            if (r.replay()) {
                replays++;
                if (r.answered() && (!r.ok() || !r.duplicate())) {
                    problems.add("replay #" + r.seq() + " of #" + r.replayOf() + " was answered " + r.status()
                            + (r.duplicate() ? " duplicate" : " not duplicate"));
                }
            }
            if (r.ok() && !r.eventId().equals(r.answerEventId())) {
                problems.add("#" + r.seq() + " answered eventId " + r.answerEventId() + ", derived " + r.eventId());
            }
        }
        checks.add(new Check("replays answered as duplicates, stored nothing; answers carry the derived event id",
                problems.isEmpty(), problems.isEmpty() ? replays + " replays, each answered duplicate (stored once:"
                        + " the first check counts their ids too)" : summary(problems)));

        checks.add(statesFromScratch(snapshot));

        problems = new ArrayList<>();
        Map<String, Integer> left = new LinkedHashMap<>();
        for (String queue : queues.keySet()) {
            if (!queue.equals(RESCORE_QUEUE)) {
                int n = queued(queue);
                left.put(queue, n);
                if (n != 0) {
                    problems.add(queue + " holds " + n);
                }
            }
        }
        checks.add(new Check("nothing in any dead-letter or parking queue", problems.isEmpty(),
                left.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
        return checks;
    }

    /** Every lead with events, loaded in one consistent query as the rescorer loads it, scored again from nothing. */
    private Check statesFromScratch(Snapshot snapshot) {
        LeadStateStore store = new LeadStateStore(dynamo, table);
        List<String> problems = new ArrayList<>();
        Map<String, Integer> byStage = new TreeMap<>();
        Map<String, Integer> byPath = new TreeMap<>();
        for (String leadKey : snapshot.eventsByLead().keySet()) {
            LeadStateStore.StoredLead stored = store.load(leadKey);
            if (stored.state() == null) {
                problems.add(redacted(leadKey) + " has " + stored.events().size() + " events and no state");
                continue;
            }
            LeadState state = StateItems.fromItem(stored.state().item());
            // The stage depends on the path (an SQL stays SQL, an MQL holds within the hysteresis, a RECYCLED lead
            // needs the full MQL condition), so the stored stage is the previous one: scoring again must keep it.
            Qualification q = LeadScorer.score(new LeadHistory(LeadTable.emailOf(leadKey), stored.events(),
                    stored.state().status()), rules, state.scoredAt());
            if (q.transition() != null) {
                problems.add(redacted(leadKey) + " would change stage again: " + q.transition().reason());
            }
            if (LeadScorer.score(new LeadHistory(LeadTable.emailOf(leadKey), stored.events(), null), rules,
                    state.scoredAt()).stage() != state.stage()) {
                byPath.merge(state.stage().name(), 1, Integer::sum);
            }
            String got = describe(state.stage().name(), state.fit(), state.engagement(), state.total(), state.grade(),
                    state.eventCount(), state.rulesVersion(), state.reasons().stream()
                            .map(r -> r.rule() + ":" + r.kind() + ":" + r.points() + ":" + r.events() + ":" + r.text())
                            .toList());
            String want = describe(q.stage().name(), q.fit(), q.engagement(), q.total(), q.grade(),
                    stored.events().size(), q.rulesVersion(), reasons(q.contributions()));
            byStage.merge(state.stage().name(), 1, Integer::sum);
            if (!got.equals(want)) {
                problems.add(redacted(leadKey) + " state " + got + " but from scratch " + want);
            }
        }
        return new Check("every lead's state equals scoring its stored events from scratch at its scoredAt"
                + " (stage, fit, engagement, total, grade, reasons, event count, ruleset), its stored stage the"
                + " previous one", problems.isEmpty(),
                (problems.isEmpty() ? "" : summary(problems) + "; ") + snapshot.eventsByLead().size() + " leads, by stage "
                        + byStage + "; stage kept by its path (scoring with no previous stage differs): "
                        + (byPath.isEmpty() ? "none" : byPath));
    }

    /** The reasons a state item keeps (docs/STREAM.md), as {@link StateItems} chooses them. */
    static List<String> reasons(List<Contribution> contributions) {
        return StateItems.keptReasons(contributions).stream().map(LoadVerifier::reason).toList();
    }

    private static String reason(Contribution c) {
        return c.ruleId() + ":" + c.kind() + ":" + c.points() + ":" + c.eventIds().size() + ":" + c.reason();
    }

    private static String describe(String stage, int fit, int engagement, int total, String grade, int events,
            String rulesVersion, List<String> reasons) {
        return "stage=" + stage + " fit=" + fit + " engagement=" + engagement + " total=" + total + " grade=" + grade
                + " events=" + events + " rules=" + rulesVersion + " reasons=" + reasons;
    }

    private static String redacted(String leadKey) {
        return Emails.redact(LeadTable.emailOf(leadKey));
    }

    private static String summary(List<String> problems) {
        return problems.size() + " problems, first: " + String.join("; ", problems.subList(0, Math.min(5, problems.size())));
    }

    @Override
    public void close() {
        dynamo.close();
        sqs.close();
    }
}
