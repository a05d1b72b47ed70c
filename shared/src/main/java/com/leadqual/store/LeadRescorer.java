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

    /**
     * What a rescoring did: the qualification written or found unchanged (null without events), and how long
     * the scoring itself took.
     */
    public record Result(Outcome outcome, Qualification qualification, long scoringNanos) {
    }

    /** @throws ConcurrentRescore when every attempt lost the race; the message is retried later. */
    public Result rescore(String leadKey, Instant now) {
        long scoringNanos = 0;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            LeadStateStore.StoredLead lead = store.load(leadKey);
            if (lead.events().isEmpty()) {
                return new Result(Outcome.NO_EVENTS, null, scoringNanos);
            }
            LeadStateStore.StoredState previous = lead.state();
            long started = System.nanoTime();
            Qualification q = LeadScorer.score(
                    new LeadHistory(LeadTable.emailOf(leadKey), lead.events(), previous == null ? null : previous.status()),
                    rules, now);
            scoringNanos += System.nanoTime() - started;
            switch (store.save(lead, q)) {
                case WRITTEN:
                    return new Result(Outcome.WRITTEN, q, scoringNanos);
                case UNCHANGED:
                    return new Result(Outcome.UNCHANGED, q, scoringNanos);
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
