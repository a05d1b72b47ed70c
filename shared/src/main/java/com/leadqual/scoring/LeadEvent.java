package com.leadqual.scoring;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One thing that happened to a lead: a form submission, a webinar signal, an opt-out...
 *
 * @param id         unique per event (provider id or idempotency key); a duplicate id counts once
 * @param type       one of {@link EventTypes} (anything else is kept but scores nothing)
 * @param occurredAt when it happened
 * @param data       string fields keyed by {@link EventFields}; never null (an empty map when absent)
 */
public record LeadEvent(String id, String type, Instant occurredAt, Map<String, String> data) {
    public LeadEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        data = data == null ? Map.of() : EventData.of(data);
    }
}
