package com.leadqual.store;

import com.leadqual.scoring.Contribution;
import com.leadqual.scoring.ContributionKind;
import com.leadqual.scoring.Qualification;
import com.leadqual.scoring.Stage;
import com.leadqual.scoring.StageChange;
import com.leadqual.scoring.StageStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps a lead's qualification to its state item: what sales tools read from the stream. docs/STREAM.md is its
 * contract. Every write is billed per started 1 KB of the item, so it holds what says why (the top reasons, the
 * recent stage changes) and nothing the lead's events already hold (the profile) or that it repeats (the
 * transition is the newest stage change): a typical lead's item stays within 1 KB, one write unit
 * (StateItemSizeTest).
 */
public final class StateItems {
    public static final String STAGE = "stage";
    public static final String FIT = "fit";
    public static final String ENGAGEMENT = "engagement";
    public static final String TOTAL = "total";
    public static final String GRADE = "grade";
    public static final String REASONS = "reasons";
    public static final String STAGE_HISTORY = "stageHistory";
    public static final String TRANSITION = "transition";
    public static final String SCORED_AT = "scoredAt";
    public static final String NEXT_CHANGE_AT = "nextChangeAt";
    public static final String EVENT_COUNT = "eventCount";
    public static final String VERSION = "version";

    /** Reasons kept on the item besides disqualifiers: the rest are derivable by rescoring the events. */
    static final int TOP_REASONS = 3;
    /** Stage changes kept on the item, newest last; the scoring carries them on and decides by the stage alone. */
    static final int STAGE_CHANGES_KEPT = 3;

    /** Attributes that change on every scoring without the outcome changing. */
    private static final Set<String> BOOKKEEPING = Set.of(SCORED_AT, VERSION, TRANSITION);

    private StateItems() {
    }

    static Map<String, AttributeValue> toItem(String leadKey, Qualification q, int eventCount, long version) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(LeadTable.PK, s(leadKey));
        item.put(LeadTable.SK, s(LeadTable.STATE_SK));
        item.put(STAGE, s(q.stage().name()));
        item.put(FIT, n(q.fit()));
        item.put(ENGAGEMENT, n(q.engagement()));
        item.put(TOTAL, n(q.total()));
        item.put(GRADE, s(q.grade()));
        item.put(REASONS, AttributeValue.fromL(reasons(q.contributions())));
        List<StageChange> history = q.stageHistory();
        item.put(STAGE_HISTORY, AttributeValue.fromL(history.subList(Math.max(0, history.size() - STAGE_CHANGES_KEPT),
                history.size()).stream().map(StateItems::change).toList()));
        if (q.transition() != null) {
            // from and to only, for stream filters: its reason and instant are the newest stage change's
            item.put(TRANSITION, AttributeValue.fromM(Map.of("from", s(q.transition().from().name()),
                    "to", s(q.transition().to().name()))));
        }
        item.put(LeadTable.RULES_VERSION, s(q.rulesVersion()));
        item.put(SCORED_AT, s(q.scoredAt().toString()));
        if (q.nextChangeAt() != null) {
            item.put(NEXT_CHANGE_AT, s(q.nextChangeAt().toString()));
            item.put(LeadTable.DUE_SHARD, s(LeadTable.dueShard(leadKey)));
            item.put(LeadTable.DUE_AT, s(q.nextChangeAt().toString()));
        }
        item.put(EVENT_COUNT, n(eventCount));
        item.put(VERSION, n(version));
        return item;
    }

    /** True when writing {@code next} over {@code stored} would tell a reader nothing new. */
    static boolean sameOutcome(Map<String, AttributeValue> stored, Map<String, AttributeValue> next) {
        Map<String, AttributeValue> a = new HashMap<>(stored);
        Map<String, AttributeValue> b = new HashMap<>(next);
        a.keySet().removeAll(BOOKKEEPING);
        b.keySet().removeAll(BOOKKEEPING);
        return a.equals(b);
    }

    /**
     * Reads a state item (from the table or a stream image) back into a {@link LeadState}; attributes this version
     * does not know are ignored.
     *
     * @throws IllegalArgumentException when a required attribute is missing or malformed
     */
    public static LeadState fromItem(Map<String, AttributeValue> item) {
        String leadKey = text(item, LeadTable.PK);
        if (!LeadTable.isLeadKey(leadKey) || !LeadTable.STATE_SK.equals(text(item, LeadTable.SK))) {
            throw new IllegalArgumentException("not a lead's state item");
        }
        try {
            List<LeadState.Reason> reasons = new ArrayList<>();
            for (AttributeValue reason : list(item, REASONS)) {
                Map<String, AttributeValue> m = reason.m();
                reasons.add(new LeadState.Reason(text(m, "rule"), text(m, "kind"), integer(m, "points"),
                        integer(m, "events"), text(m, "text")));
            }
            List<StageChange> history = new ArrayList<>();
            for (AttributeValue change : list(item, STAGE_HISTORY)) {
                history.add(change(change.m()));
            }
            AttributeValue next = item.get(NEXT_CHANGE_AT);
            return new LeadState(leadKey, LeadTable.emailOf(leadKey), Stage.valueOf(text(item, STAGE)),
                    integer(item, FIT), integer(item, ENGAGEMENT), integer(item, TOTAL), text(item, GRADE), reasons,
                    history, transition(item.get(TRANSITION), history), text(item, LeadTable.RULES_VERSION),
                    Instant.parse(text(item, SCORED_AT)), next == null ? null : Instant.parse(next.s()),
                    integer(item, EVENT_COUNT), version(item));
        } catch (RuntimeException e) { // a bad number, date, stage name or map shape
            throw new IllegalArgumentException("unreadable state item: " + e.getMessage(), e);
        }
    }

    /** The newest stage change, which the transition names by its stages. */
    private static StageChange transition(AttributeValue transition, List<StageChange> history) {
        if (transition == null) {
            return null;
        }
        StageChange newest = history.isEmpty() ? null : history.get(history.size() - 1);
        if (newest == null || !newest.from().name().equals(text(transition.m(), "from"))
                || !newest.to().name().equals(text(transition.m(), "to"))) {
            throw new IllegalArgumentException("'transition' is not the newest entry of 'stageHistory'");
        }
        return newest;
    }

    private static String text(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m == null ? null : m.get(name);
        if (v == null || v.s() == null) {
            throw new IllegalArgumentException("'" + name + "' is missing or not a string");
        }
        return v.s();
    }

    private static int integer(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m == null ? null : m.get(name);
        if (v == null || v.n() == null) {
            throw new IllegalArgumentException("'" + name + "' is missing or not a number");
        }
        return Integer.parseInt(v.n());
    }

    private static List<AttributeValue> list(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        if (v == null || !v.hasL()) {
            throw new IllegalArgumentException("'" + name + "' is missing or not a list");
        }
        return v.l();
    }

    static Instant scoredAt(Map<String, AttributeValue> item) {
        return Instant.parse(text(item, SCORED_AT));
    }

    static long version(Map<String, AttributeValue> item) {
        AttributeValue v = item.get(VERSION);
        return v == null ? 0 : Long.parseLong(v.n());
    }

    static StageStatus status(Map<String, AttributeValue> item) {
        List<StageChange> history = new ArrayList<>();
        AttributeValue stored = item.get(STAGE_HISTORY);
        if (stored != null && stored.hasL()) {
            for (AttributeValue change : stored.l()) {
                history.add(change(change.m()));
            }
        }
        return new StageStatus(Stage.valueOf(item.get(STAGE).s()), List.copyOf(history));
    }

    private static List<AttributeValue> reasons(List<Contribution> contributions) {
        List<AttributeValue> reasons = new ArrayList<>();
        for (Contribution c : keptReasons(contributions)) {
            reasons.add(reason(c));
        }
        return reasons;
    }

    /** The contributions a state item keeps as its reasons: every disqualifier, then the top ones that score. */
    public static List<Contribution> keptReasons(List<Contribution> contributions) {
        List<Contribution> kept = new ArrayList<>();
        for (Contribution c : contributions) {
            if (c.kind() == ContributionKind.DISQUALIFIER) {
                kept.add(c);
            }
        }
        int scored = 0;
        for (Contribution c : contributions) {
            if (c.kind() != ContributionKind.DISQUALIFIER && c.points() != 0 && scored < TOP_REASONS) {
                kept.add(c);
                scored++;
            }
        }
        return kept;
    }

    private static AttributeValue reason(Contribution c) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("rule", s(c.ruleId()));
        m.put("kind", s(c.kind().name()));
        m.put("points", n(c.points()));
        m.put("events", n(c.eventIds().size()));
        m.put("text", s(c.reason()));
        return AttributeValue.fromM(m);
    }

    private static AttributeValue change(StageChange change) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("from", s(change.from().name()));
        m.put("to", s(change.to().name()));
        m.put("reason", s(change.reason()));
        m.put("at", s(change.at().toString()));
        return AttributeValue.fromM(m);
    }

    private static StageChange change(Map<String, AttributeValue> m) {
        return new StageChange(Stage.valueOf(text(m, "from")), Stage.valueOf(text(m, "to")), text(m, "reason"),
                Instant.parse(text(m, "at")));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
