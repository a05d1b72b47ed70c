package com.leadqual.scoring;

import java.util.List;

/**
 * One reason behind a score.
 *
 * @param ruleId   the rule that matched (or a fixed id such as "unknown-event-type" for notes)
 * @param kind     fit, engagement, disqualifier or info
 * @param points   points it adds now (after caps and decay); 0 for disqualifiers and notes
 * @param eventIds the events involved, chronologically (occurredAt, then id)
 * @param reason   human-readable explanation
 */
public record Contribution(String ruleId, ContributionKind kind, int points, List<String> eventIds, String reason) {
    public Contribution {
        eventIds = List.copyOf(eventIds);
    }
}
