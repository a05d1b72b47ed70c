package com.leadqual.scoring;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One reason behind a score: the rule, its kind, its points now, the events involved and a human-readable
 * explanation. A value: equal when all five parts are.
 *
 * <p>The scorer hands the explanation over as a recipe and it is written out on first use: a lead's state keeps
 * only its top contributions' text, and spelling out a dozen sentences per scoring would be most of its cost.
 * The text depends only on numbers fixed at scoring time, so it is the same whenever it is read.
 */
public final class Contribution {
    private final String ruleId;
    private final ContributionKind kind;
    private final int points;
    private final List<String> eventIds;
    private Supplier<String> recipe;
    private String reason;

    /**
     * @param ruleId   the rule that matched (or a fixed id such as "unknown-event-type" for notes)
     * @param kind     fit, engagement, disqualifier or info
     * @param points   points it adds now (after caps and decay); 0 for disqualifiers and notes
     * @param eventIds the events involved, chronologically (occurredAt, then id)
     * @param reason   human-readable explanation
     */
    public Contribution(String ruleId, ContributionKind kind, int points, List<String> eventIds, String reason) {
        this(ruleId, kind, points, List.copyOf(eventIds), Objects.requireNonNull(reason, "reason"), null);
    }

    /** For the scorer: {@code eventIds} already immutable, the text written by {@code recipe} when first read. */
    Contribution(String ruleId, ContributionKind kind, int points, List<String> eventIds, Supplier<String> recipe) {
        this(ruleId, kind, points, eventIds, null, Objects.requireNonNull(recipe, "recipe"));
    }

    private Contribution(String ruleId, ContributionKind kind, int points, List<String> eventIds, String reason,
            Supplier<String> recipe) {
        this.ruleId = Objects.requireNonNull(ruleId, "ruleId");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.points = points;
        this.eventIds = eventIds;
        this.reason = reason;
        this.recipe = recipe;
    }

    public String ruleId() {
        return ruleId;
    }

    public ContributionKind kind() {
        return kind;
    }

    public int points() {
        return points;
    }

    public List<String> eventIds() {
        return eventIds;
    }

    /** The explanation, e.g. "Content download: 3 events at +10 pts; decayed to +21 (half-life 60 days)". */
    public String reason() {
        String r = reason;
        if (r == null) {
            // racy but safe: every thread writes the same immutable String
            r = recipe.get();
            reason = r;
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Contribution c && points == c.points && kind == c.kind
                && ruleId.equals(c.ruleId) && eventIds.equals(c.eventIds) && reason().equals(c.reason());
    }

    @Override
    public int hashCode() {
        return Objects.hash(ruleId, kind, points, eventIds, reason());
    }

    @Override
    public String toString() {
        return "Contribution[ruleId=" + ruleId + ", kind=" + kind + ", points=" + points + ", eventIds=" + eventIds
                + ", reason=" + reason() + "]";
    }
}
