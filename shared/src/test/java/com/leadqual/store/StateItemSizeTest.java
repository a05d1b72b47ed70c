package com.leadqual.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.scoring.LeadEvent;
import com.leadqual.scoring.LeadHistory;
import com.leadqual.scoring.LeadScorer;
import com.leadqual.scoring.Qualification;
import com.leadqual.scoring.Ruleset;
import com.leadqual.scoring.Stage;
import com.leadqual.scoring.StageStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A state write is billed per started 1 KB of the item (DynamoDB's sizing rules, {@link ItemSizes}): the golden
 * leads' and a bench lead's state items fit in one write unit.
 */
class StateItemSizeTest {
    /** Instants as the rescorer's clock gives them, with nanoseconds: the longest ISO-8601 form. */
    private static final Instant START = Instant.parse("2026-11-23T19:00:00.123456789Z");
    private static final Map<String, String> BENCH_PROFILE = Map.of("firstName", "Dana", "lastName", "Reyes",
            "company", "Northwind Analytics", "jobTitle", "VP of Marketing", "companySize", "250",
            "industry", "software", "country", "US", "consent", "true", "pageUrl", "https://www.example.com/demo");

    @Test
    void everyGoldenLeadsStateItemIsOneWriteUnit() {
        for (JsonNode lead : golden()) {
            List<LeadEvent> events = new ArrayList<>();
            for (JsonNode e : lead.get("events")) {
                Map<String, String> data = new HashMap<>();
                e.get("data").fields().forEachRemaining(f -> data.put(f.getKey(), f.getValue().asText()));
                events.add(new LeadEvent(e.get("id").asText(), e.get("type").asText(),
                        Instant.parse(e.get("at").asText()), data));
            }
            StageStatus previous = lead.get("previous").isNull() ? null
                    : new StageStatus(Stage.valueOf(lead.get("previous").asText()), List.of());
            String email = lead.get("email").asText();
            Qualification q = LeadScorer.score(new LeadHistory(email, events, previous), Ruleset.defaults(),
                    Instant.parse(lead.get("scoredAt").asText()));
            Map<String, AttributeValue> item = StateItems.toItem(LeadTable.leadKey(email), q, events.size(), 12);
            assertThat(ItemSizes.of(item)).as("%s: %s", lead.get("name").asText(), ItemSizes.byAttribute(item))
                    .isLessThanOrEqualTo(ItemSizes.WRITE_UNIT_BYTES);
        }
    }

    /** The bench's lead: the form sample's profile, a newsletter, content, pricing, then a demo request. */
    @Test
    void aBenchLeadScoredAfterEachEventStaysOneWriteUnitThroughMqlAndSql() {
        List<Map<String, AttributeValue>> items = scoredAfterEach(
                "cost-lead-1999@northwind-analytics.com", "newsletter", "content_download", "pricing_inquiry",
                "demo_request", "content_download");
        assertThat(items).extracting(i -> i.get(StateItems.STAGE).s()).contains("MQL", "SQL");
        for (Map<String, AttributeValue> item : items) {
            assertThat(ItemSizes.of(item)).as("%s", ItemSizes.byAttribute(item))
                    .isLessThanOrEqualTo(ItemSizes.WRITE_UNIT_BYTES);
        }
    }

    /** The bound: as many stage changes as the item keeps, none shorter than a hand-raise's. */
    @Test
    void aLeadWithTheMostStageChangesKeptStaysWithinTwoWriteUnits() {
        Map<String, AttributeValue> item = null;
        Instant at = START;
        String email = "a.rather.long.name.for.a.lead@northwind-analytics-international.com";
        Map<String, String> data = new HashMap<>(BENCH_PROFILE);
        data.put("formType", "demo_request");
        List<LeadEvent> events = List.of(new LeadEvent("0123456789abcdef0123456789abcdef", "form_submitted",
                at.minusSeconds(60), data));
        for (int change = 0; change < StateItems.STAGE_CHANGES_KEPT + 2; change++) {
            // an SQL lead stays SQL: each scoring starts from a lead the sales side recycled
            StageStatus previous = item == null ? null
                    : new StageStatus(Stage.RECYCLED, StateItems.status(item).history());
            at = at.plusSeconds(3600);
            Qualification q = LeadScorer.score(new LeadHistory(email, events, previous), Ruleset.defaults(), at);
            item = StateItems.toItem(LeadTable.leadKey(email), q, events.size(), change + 1);
        }
        assertThat(item.get(StateItems.STAGE_HISTORY).l()).hasSize(StateItems.STAGE_CHANGES_KEPT);
        assertThat(ItemSizes.writeUnits(item)).as("%s", ItemSizes.byAttribute(item)).isLessThanOrEqualTo(2);
    }

    private static List<Map<String, AttributeValue>> scoredAfterEach(String email, String... formTypes) {
        List<LeadEvent> events = new ArrayList<>();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> item = null;
        Instant at = START;
        for (int i = 0; i < formTypes.length; i++) {
            Map<String, String> data = new HashMap<>(BENCH_PROFILE);
            data.put("formType", formTypes[i]);
            at = at.plusSeconds(3600);
            events.add(new LeadEvent(String.format("%032x", 0xfeed0000L + i), "form_submitted", at, data));
            Qualification q = LeadScorer.score(new LeadHistory(email, events,
                    item == null ? null : StateItems.status(item)), Ruleset.defaults(), at.plusMillis(900));
            item = StateItems.toItem(LeadTable.leadKey(email), q, events.size(), i + 1);
            items.add(item);
        }
        return items;
    }

    static JsonNode golden() {
        try (InputStream in = StateItemSizeTest.class.getResourceAsStream("/scoring/golden-leads.json")) {
            return new ObjectMapper().readTree(in).get("leads");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
