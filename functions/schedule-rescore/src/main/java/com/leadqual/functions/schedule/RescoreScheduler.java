package com.leadqual.functions.schedule;

import com.leadqual.scoring.Ruleset;
import com.leadqual.store.DueLeads;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

/** Finds leads to rescore through the indexes and enqueues each once per run, in batches. */
public final class RescoreScheduler {
    private final DueLeads leads;
    private final RescoreQueue queue;
    private final Ruleset rules;
    private final Clock clock;

    public RescoreScheduler(DueLeads leads, RescoreQueue queue, Ruleset rules, Clock clock) {
        this.leads = leads;
        this.queue = queue;
        this.rules = rules;
        this.clock = clock;
    }

    public record Summary(String mode, int enqueued) {
    }

    public Summary enqueueDue() {
        Set<String> seen = new HashSet<>();
        try (RescoreQueue.Batcher batcher = queue.batcher("due")) {
            leads.dueBy(clock.instant(), lead -> {
                if (seen.add(lead)) {
                    batcher.add(lead);
                }
            });
        }
        return new Summary(ScheduleRescoreHandler.DUE, seen.size());
    }

    public Summary enqueueScoredByOtherRules() {
        Set<String> seen = new HashSet<>();
        try (RescoreQueue.Batcher batcher = queue.batcher("rules-changed")) {
            leads.scoredByOtherRules(rules.version(), lead -> {
                if (seen.add(lead)) {
                    batcher.add(lead);
                }
            });
        }
        return new Summary(ScheduleRescoreHandler.RULES_CHANGED, seen.size());
    }
}
