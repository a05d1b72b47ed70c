package com.leadqual.store;

import com.leadqual.scoring.Stage;
import com.leadqual.scoring.StageChange;
import java.time.Instant;
import java.util.List;

/**
 * A lead's qualification as its state item holds it (docs/STREAM.md): what the read API answers and the handoff
 * notifies, read back from the table or from a stream image. Plain values, no AWS types.
 *
 * @param transition   the stage change made by the write that produced this state, or null if it changed none
 * @param nextChangeAt when the score changes by time alone, or null if never
 */
public record LeadState(String leadKey, String email, Stage stage, int fit, int engagement, int total, String grade,
        List<Reason> reasons, List<StageChange> stageHistory, StageChange transition, String rulesVersion,
        Instant scoredAt, Instant nextChangeAt, int eventCount, long version) {

    public LeadState {
        reasons = List.copyOf(reasons);
        stageHistory = List.copyOf(stageHistory);
    }

    /**
     * One reason kept on the item: every disqualifier match, then the top scoring contributions.
     *
     * @param kind   FIT, ENGAGEMENT, DISQUALIFIER or INFO
     * @param events how many of the lead's events the rule counted
     */
    public record Reason(String rule, String kind, int points, int events, String text) {
    }
}
