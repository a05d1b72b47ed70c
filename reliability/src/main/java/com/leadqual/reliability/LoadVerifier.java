package com.leadqual.reliability;

import com.leadqual.aws.AwsClients;
import com.leadqual.aws.Env;
import com.leadqual.scoring.LeadHistory;
import com.leadqual.scoring.LeadScorer;
import com.leadqual.scoring.Qualification;
import com.leadqual.scoring.Ruleset;
import com.leadqual.store.LeadStateStore;
import com.leadqual.store.LeadTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * After a load run: every accepted event is stored exactly once, nothing else is, and every lead's state is
 * what scoring its events from scratch gives. Waits (bounded) for rescoring to settle first. Finds DynamoDB the
 * way the functions do (AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION, credentials from the environment).
 *
 * <pre>java -cp reliability/target/reliability.jar com.leadqual.reliability.LoadVerifier \
 *   --table LeadsTable --manifest target/load-manifest.txt --settle-seconds 120</pre>
 * Exits 0 when every check holds, 1 otherwise.
 */
public final class LoadVerifier {
    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        String table = options.getOrDefault("table", "LeadsTable");
        Set<String> accepted = new HashSet<>(Files.readAllLines(Path.of(options.getOrDefault("manifest",
                "target/load-manifest.txt"))));
        accepted.remove("");
        Duration settle = Duration.ofSeconds(Long.parseLong(options.getOrDefault("settle-seconds", "120")));
        Ruleset rules = Ruleset.loadOrDefaults(Env.optional("RULES_FILE", ""));
        DynamoDbClient dynamo = AwsClients.dynamoDb();

        long deadline = System.nanoTime() + settle.toNanos();
        List<String> problems;
        Map<String, Integer> eventsById;
        do {
            eventsById = new HashMap<>();
            problems = new ArrayList<>();
            Set<String> leads = new HashSet<>();
            Map<String, AttributeValue> start = null;
            do {
                ScanResponse page = dynamo.scan(ScanRequest.builder().tableName(table).exclusiveStartKey(start).build());
                for (Map<String, AttributeValue> item : page.items()) {
                    if (item.get(LeadTable.SK).s().startsWith(LeadTable.EVENT_SK_PREFIX)) {
                        eventsById.merge(item.get("eventId").s(), 1, Integer::sum);
                        leads.add(item.get(LeadTable.PK).s());
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);

            for (String id : accepted) {
                int copies = eventsById.getOrDefault(id, 0);
                if (copies != 1) {
                    problems.add("accepted event " + id + " is stored " + copies + " times");
                }
            }
            for (String id : eventsById.keySet()) {
                if (!accepted.contains(id)) {
                    problems.add("event " + id + " is stored but was never answered as accepted");
                }
            }
            LeadStateStore store = new LeadStateStore(dynamo, table);
            for (String lead : leads) {
                LeadStateStore.StoredLead stored = store.load(lead);
                if (stored.state() == null) {
                    problems.add(lead.hashCode() + ": lead has events but no state");
                    continue;
                }
                Map<String, AttributeValue> state = stored.state().item();
                Qualification fromScratch = LeadScorer.score(new LeadHistory(LeadTable.emailOf(lead), stored.events(),
                        null), rules, Instant.parse(state.get("scoredAt").s()));
                String got = state.get("stage").s() + "/" + state.get("total").n() + "/" + state.get("grade").s() + "/"
                        + state.get("eventCount").n();
                String want = fromScratch.stage() + "/" + fromScratch.total() + "/" + fromScratch.grade() + "/"
                        + stored.events().size();
                if (!got.equals(want)) {
                    problems.add("lead #" + Integer.toHexString(lead.hashCode()) + " state " + got
                            + " differs from scoring from scratch " + want);
                }
            }
            if (problems.isEmpty()) {
                break;
            }
            Thread.sleep(2_000);
        } while (System.nanoTime() < deadline);

        System.out.println("{\"acceptedEvents\": " + accepted.size() + ", \"storedEvents\": "
                + eventsById.values().stream().mapToInt(Integer::intValue).sum() + ", \"problems\": " + problems.size()
                + "}");
        problems.stream().limit(20).forEach(p -> System.out.println("PROBLEM " + p));
        System.exit(problems.isEmpty() ? 0 : 1);
    }
}
