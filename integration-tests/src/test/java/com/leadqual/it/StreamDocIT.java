package com.leadqual.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.leadqual.handoff.StageNotification;
import com.leadqual.local.EventPattern;
import com.leadqual.local.SamTemplate;
import com.leadqual.local.StreamEventSource;
import com.leadqual.store.StateItems;
import com.leadqual.store.StreamImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/STREAM.md is the contract of the state records: its attribute table, its example records, its filters and
 * its notification example must agree with what the code writes today, read from DynamoDB Local's stream after
 * the same two forms as in the doc (attribute names and types, not values, which depend on the ruleset).
 */
class StreamDocIT {
    private static final Path DOC = Path.of("..", "docs", "STREAM.md");
    private static final String DANA = "dana.reyes@northwind-analytics.com";

    private static String doc;
    /** What the code wrote: the INSERT of the first scoring, the MODIFY of the second, then REMOVE and audit. */
    private static List<JsonNode> written;
    private static List<JsonNode> afterErasure;

    @BeforeAll
    static void writeTheDocumentedScenario() throws Exception {
        doc = Files.readString(DOC);
        Stack stack = Stack.get();
        stack.reset();
        SalesFlow flow = new SalesFlow(stack);
        List<JsonNode> records = new ArrayList<>();
        // No filter: every record of the stream, to check the filters here.
        StreamEventSource everything = new StreamEventSource(withoutFilter(stack.handoffStreamEvent()),
                "Everything", stack.aws, stack.names, null, event -> {
                    ApiEvents.parse(event).path("Records").forEach(records::add);
                    return null;
                });
        everything.skipToEnd();
        flow.qualify(DANA, "pricing_inquiry");
        flow.qualify(DANA, "demo_request");
        everything.pollOnce();
        written = records.stream().filter(r -> r.path("dynamodb").path("Keys").path("sk").path("S").asText()
                .equals("STATE")).toList();
        records.clear();
        Lambdas.invoke(Functions.leadErase(stack, stack.dynamo()), ApiEvents.sampleText("lead-erase-delete.json"));
        everything.pollOnce();
        afterErasure = List.copyOf(records);
    }

    private static SamTemplate.StreamEvent withoutFilter(SamTemplate.StreamEvent e) {
        return new SamTemplate.StreamEvent(e.name(), e.tableId(), e.startingPosition(), 1000, 0,
                List.of(), List.of(), true, false, -1, -1, null);
    }

    private static JsonNode block(String marker) {
        Matcher m = Pattern.compile("<!-- contract:" + marker + " -->\\s*```json\\n(.*?)\\n```", Pattern.DOTALL)
                .matcher(doc);
        assertThat(m.find()).as("docs/STREAM.md has the " + marker + " block").isTrue();
        return ApiEvents.parse(m.group(1));
    }

    @Test
    void theCodeWroteOneInsertAndOneModifyWithATransitionEach() {
        assertThat(written).extracting(r -> r.path("eventName").asText()).containsExactly("INSERT", "MODIFY");
        assertThat(written).allMatch(r -> r.path("dynamodb").path("NewImage").has("transition"));
    }

    @Test
    void theExampleRecordsHaveTheAttributesAndTypesTheCodeWrites() {
        JsonNode insert = block("insert-record");
        JsonNode modify = block("modify-record");
        assertThat(skeleton(insert)).isEqualTo(skeleton(written.get(0)));
        assertThat(skeleton(modify)).isEqualTo(skeleton(written.get(1)));
        assertThat(insert.path("eventName").asText()).isEqualTo("INSERT");
        assertThat(modify.path("eventName").asText()).isEqualTo("MODIFY");
        assertThat(modify.path("dynamodb").has("OldImage")).isTrue();
        for (JsonNode example : List.of(insert, modify)) {
            JsonNode image = example.path("dynamodb").path("NewImage");
            assertThat(image.path("pk").path("S").asText()).isEqualTo("LEAD#" + DANA);
            assertThat(image.path("sk").path("S").asText()).isEqualTo("STATE");
            JsonNode newest = image.path("stageHistory").path("L").get(image.path("stageHistory").path("L").size() - 1);
            assertThat(image.path("transition").path("M").path("from")).isEqualTo(newest.path("M").path("from"));
            assertThat(image.path("transition").path("M").path("to")).isEqualTo(newest.path("M").path("to"));
            // The code reads its own documented examples back.
            assertThat(StateItems.fromItem(StreamImages.item(image)).stage().name())
                    .isEqualTo(image.path("stage").path("S").asText());
        }
        assertThat(insert.path("dynamodb").path("NewImage").path("transition").path("M").path("to").path("S").asText())
                .isEqualTo("MQL");
        assertThat(modify.path("dynamodb").path("NewImage").path("transition").path("M").path("to").path("S").asText())
                .isEqualTo("SQL");
    }

    @Test
    void theAttributeTableListsEveryAttributeWithItsType() {
        Matcher table = Pattern.compile("<!-- contract:attributes -->(.*?)<!-- /contract:attributes -->",
                Pattern.DOTALL).matcher(doc);
        assertThat(table.find()).isTrue();
        Map<String, String> documented = new TreeMap<>();
        java.util.Set<String> optional = new TreeSet<>();
        Matcher row = Pattern.compile("^\\| `([^`]+)` \\| `([A-Z]+)` \\| (optional)? ?\\|", Pattern.MULTILINE)
                .matcher(table.group(1));
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
            if (row.group(3) != null) {
                optional.add(row.group(1));
            }
        }
        for (JsonNode record : written) {
            Map<String, String> actual = paths(record.path("dynamodb").path("NewImage"), "");
            assertThat(documented).as("every attribute written is documented with its type").containsAllEntriesOf(actual);
            List<String> required = documented.keySet().stream().filter(p -> !optional.contains(p)).toList();
            assertThat(actual.keySet()).as("every attribute not marked optional is written").containsAll(required);
        }
    }

    @Test
    void theFiltersSelectWhatTheDocSays() {
        EventPattern handoff = EventPattern.compile(block("handoff-filter").toString());
        EventPattern becameSql = EventPattern.compile(block("became-sql-filter").toString());
        assertThat(ApiEvents.parse(Stack.get().handoffStreamEvent().filterPatterns().get(0)))
                .as("the template's handoff filter is the documented one").isEqualTo(block("handoff-filter"));

        JsonNode insert = block("insert-record");
        JsonNode modify = block("modify-record");
        assertThat(handoff.matches(insert)).isTrue();
        assertThat(handoff.matches(modify)).isTrue();
        assertThat(becameSql.matches(insert)).isFalse();
        assertThat(becameSql.matches(modify)).isTrue();
        assertThat(handoff.matches(written.get(0))).isTrue();
        assertThat(becameSql.matches(written.get(1))).isTrue();

        assertThat(afterErasure).extracting(r -> r.path("eventName").asText()).contains("REMOVE", "INSERT");
        assertThat(afterErasure).as("erasure records: REMOVEs of the lead's items and the audit INSERT")
                .noneMatch(handoff::matches).noneMatch(becameSql::matches);
    }

    @Test
    void theNotificationExampleIsWhatTheHandoffSendsForTheModifyExample() {
        JsonNode image = block("modify-record").path("dynamodb").path("NewImage");
        String sent = StageNotification.of(StateItems.fromItem(StreamImages.item(image))).toJson();
        assertThat(block("notification")).as("docs/STREAM.md notification, expected:\n" + sent)
                .isEqualTo(ApiEvents.parse(sent));
    }

    /** Field names at every level and the DynamoDB type of each attribute (list elements: the set of shapes). */
    private static String skeleton(JsonNode record) {
        Map<String, Object> out = new TreeMap<>();
        record.fieldNames().forEachRemaining(name -> out.put(name, ""));
        JsonNode dynamodb = record.path("dynamodb");
        Map<String, Object> d = new TreeMap<>();
        dynamodb.fieldNames().forEachRemaining(name -> d.put(name, switch (name) {
            case "Keys", "NewImage", "OldImage" -> paths(dynamodb.get(name), "");
            default -> dynamodb.get(name).getNodeType().name();
        }));
        out.put("dynamodb", d);
        return out.toString();
    }

    /** {@code reasons[].rule -> S}, {@code transition.to -> S}, ... of an image in DynamoDB JSON. */
    private static Map<String, String> paths(JsonNode image, String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = image.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            String path = prefix + attribute.getKey();
            String type = attribute.getValue().fieldNames().next();
            out.put(path, type);
            JsonNode value = attribute.getValue().get(type);
            if (type.equals("M")) {
                out.putAll(paths(value, path + "."));
            } else if (type.equals("L")) {
                for (JsonNode element : value) {
                    if (element.has("M")) {
                        out.putAll(paths(element.get("M"), path + "[]."));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void theDocumentIsWhereTheReadmeSays() throws IOException {
        assertThat(Files.readString(Path.of("..", "README.md"))).contains("docs/STREAM.md");
    }
}
