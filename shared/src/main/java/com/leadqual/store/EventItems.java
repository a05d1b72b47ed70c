package com.leadqual.store;

import com.leadqual.intake.AcceptedEvent;
import com.leadqual.scoring.LeadEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Maps lead events to and from their items: {@code pk, sk = EVENT#<id>, eventId, type, occurredAt, data}. */
final class EventItems {
    static final String EVENT_ID = "eventId";
    static final String TYPE = "type";
    static final String OCCURRED_AT = "occurredAt";
    static final String DATA = "data";

    private EventItems() {
    }

    static Map<String, AttributeValue> toItem(AcceptedEvent event) {
        Map<String, AttributeValue> data = new HashMap<>();
        event.data().forEach((name, value) -> data.put(name, AttributeValue.fromS(value)));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LeadTable.PK, AttributeValue.fromS(LeadTable.leadKey(event.email())));
        item.put(LeadTable.SK, AttributeValue.fromS(LeadTable.eventKey(event.eventId())));
        item.put(EVENT_ID, AttributeValue.fromS(event.eventId()));
        item.put(TYPE, AttributeValue.fromS(event.type()));
        item.put(OCCURRED_AT, AttributeValue.fromS(event.occurredAt().toString()));
        item.put(DATA, AttributeValue.fromM(data));
        return item;
    }

    static LeadEvent fromItem(Map<String, AttributeValue> item) {
        Map<String, String> data = new HashMap<>();
        AttributeValue stored = item.get(DATA);
        if (stored != null && stored.hasM()) {
            stored.m().forEach((name, value) -> {
                if (value.s() != null) {
                    data.put(name, value.s());
                }
            });
        }
        return new LeadEvent(
                item.get(EVENT_ID).s(),
                item.get(TYPE).s(),
                Instant.parse(item.get(OCCURRED_AT).s()),
                Map.copyOf(data));
    }
}
