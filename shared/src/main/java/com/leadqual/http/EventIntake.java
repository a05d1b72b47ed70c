package com.leadqual.http;

import com.leadqual.intake.AcceptedEvent;
import com.leadqual.intake.Emails;
import com.leadqual.ops.Telemetry;
import com.leadqual.store.LeadEventStore;
import com.leadqual.store.StoreUnavailable;

/** Stores one accepted event for an ingest route, and says so in the logs and metrics. */
public final class EventIntake {
    public enum Stored { NEW, DUPLICATE, UNAVAILABLE }

    private final LeadEventStore store;

    public EventIntake(LeadEventStore store) {
        this.store = store;
    }

    /** {@code what} names the event in log messages, e.g. "form" or "webinar event". */
    public Stored append(AcceptedEvent event, String what, Telemetry telemetry) {
        String lead = Emails.redact(event.email());
        try {
            boolean stored = store.append(event);
            telemetry.count(stored ? "Accepted" : "Duplicate");
            telemetry.info(what + (stored ? " accepted" : " duplicate"), "lead", lead, "eventId", event.eventId(),
                    "type", event.type());
            return stored ? Stored.NEW : Stored.DUPLICATE;
        } catch (StoreUnavailable e) {
            telemetry.count("StoreUnavailable");
            telemetry.error(what + " not stored", "reason", "store-unavailable", "lead", lead,
                    "error", String.valueOf(e.getCause()));
            return Stored.UNAVAILABLE;
        }
    }
}
