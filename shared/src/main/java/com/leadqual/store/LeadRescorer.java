package com.leadqual.store;

import com.leadqual.scoring.LeadHistory;
import com.leadqual.scoring.LeadScorer;
import com.leadqual.scoring.Qualification;
import com.leadqual.scoring.Ruleset;
import java.time.Instant;

/**
 * Rescores one lead from everything stored for it. Safe to run any number of times and concurrently: each
 * attempt reads the events and the state together and writes only if the state is still the one it read, so two
 * rescorers of one lead never lose an event (the loser reloads, sees the winner's events, and scores again).
 */
public final class LeadRescorer {
    private final LeadStateStore store;
    private final Ruleset rules;
    private final int maxAttempts;

    public LeadRescorer(LeadStateStore store, Ruleset rules, int maxAttempts) {
        this.store = store;
        this.rules = rules;
        this.maxAttempts = maxAttempts;
    }

    public enum Outcome {
        WRITTEN,
        UNCHANGED,
        /** No events under this key (an erased or unknown lead): nothing to score, nothing written. */
        NO_EVENTS
    }

    /** @throws ConcurrentRescore when every attempt lost the race; the message is retried later. */
    public Outcome rescore(String leadKey, Instant now) {
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            LeadStateStore.StoredLead lead = store.load(leadKey);
            if (lead.events().isEmpty()) {
                return Outcome.NO_EVENTS;
            }
            LeadStateStore.StoredState previous = lead.state();
            Qualification q = LeadScorer.score(
                    new LeadHistory(LeadTable.emailOf(leadKey), lead.events(), previous == null ? null : previous.status()),
                    rules, now);
            switch (store.save(leadKey, q, lead.events().size(), previous)) {
                case WRITTEN:
                    return Outcome.WRITTEN;
                case UNCHANGED:
                    return Outcome.UNCHANGED;
                case CONFLICT:
                    continue;
                default:
                    throw new IllegalStateException();
            }
        }
        throw new ConcurrentRescore("lost the state write " + maxAttempts + " times in a row");
    }

    public static final class ConcurrentRescore extends RuntimeException {
        ConcurrentRescore(String message) {
            super(message);
        }
    }
}
