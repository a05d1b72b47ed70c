package com.leadqual.scoring;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of scoring a lead at an instant.
 *
 * @param email         normalized email
 * @param fit           sum of the matching fit rules
 * @param engagement    sum of the engagement contributions (after caps and decay)
 * @param total         fit + engagement
 * @param grade         letter band of the fit score
 * @param stage         the stage now
 * @param transition    the change from the previous stage, or null when the stage did not change
 * @param stageHistory  the last 10 transitions, oldest first (including {@code transition})
 * @param contributions why: sorted by |points| desc, then ruleId, then first event id, then reason
 * @param profile       the merged profile
 * @param rulesVersion  content hash of the ruleset
 * @param scoredAt      the instant scored at
 * @param nextChangeAt  the earliest instant after scoredAt at which the result would change by the passing
 *                      of time alone (decay, or a future-dated event starting to count); null if never
 */
public record Qualification(String email, int fit, int engagement, int total, String grade, Stage stage,
        StageChange transition, List<StageChange> stageHistory, List<Contribution> contributions, Profile profile,
        String rulesVersion, Instant scoredAt, Instant nextChangeAt) {

    public Qualification {
        stageHistory = List.copyOf(stageHistory);
        contributions = List.copyOf(contributions);
    }

    /** True when everything but scoredAt/transition.at equals: used by callers to skip writes when nothing changed. */
    public boolean sameOutcomeAs(Qualification other) {
        if (other == null) {
            return false;
        }
        if (!(email.equals(other.email) && fit == other.fit && engagement == other.engagement
                && total == other.total && grade.equals(other.grade) && stage == other.stage
                && contributions.equals(other.contributions) && Objects.equals(profile, other.profile)
                && rulesVersion.equals(other.rulesVersion) && Objects.equals(nextChangeAt, other.nextChangeAt))) {
            return false;
        }
        if ((transition == null) != (other.transition == null)) {
            return false;
        }
        if (transition != null && !transition.sameChangeAs(other.transition)) {
            return false;
        }
        if (stageHistory.size() != other.stageHistory.size()) {
            return false;
        }
        int last = stageHistory.size() - 1;
        for (int i = 0; i <= last; i++) {
            StageChange a = stageHistory.get(i);
            StageChange b = other.stageHistory.get(i);
            // the newest entry is this scoring's transition, dated at scoredAt
            boolean equal = (i == last && transition != null) ? a.sameChangeAs(b) : a.equals(b);
            if (!equal) {
                return false;
            }
        }
        return true;
    }
}
