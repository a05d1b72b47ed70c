package com.leadqual.scoring;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Everything known about one lead.
 *
 * @param email    the lead's email; normalized (trimmed, lower-cased) by the scorer
 * @param events   the lead's events in any order, duplicates allowed
 * @param previous the stage stored last time, or null for a new lead
 */
public record LeadHistory(String email, Collection<LeadEvent> events, StageStatus previous) {
    public LeadHistory {
        Objects.requireNonNull(email, "email");
        events = events == null ? List.of() : events;
    }

    /** The key leads are stored under: the email trimmed and lower-cased. */
    public static String normalizeEmail(String email) {
        return email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
