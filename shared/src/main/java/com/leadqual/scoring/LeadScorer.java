package com.leadqual.scoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The scoring engine: a pure function of (lead history, rules, instant). No clock, no I/O, no randomness; the
 * output does not depend on the order of the events, and an event id counts once. See docs/RULES.md.
 */
public final class LeadScorer {
    /** How many stage changes a qualification keeps. */
    public static final int HISTORY_LIMIT = 10;
    static final long DAY_SECONDS = 86_400L;

    /** Chronological: occurredAt, then id. */
    static final Comparator<LeadEvent> CHRONOLOGICAL = (a, b) -> {
        int c = a.occurredAt().compareTo(b.occurredAt());
        return c != 0 ? c : a.id().compareTo(b.id());
    };

    /** The deterministic pick among events sharing an id: smallest (occurredAt, type, sorted data). */
    static final Comparator<LeadEvent> DUPLICATE_PICK = Comparator.comparing(LeadEvent::occurredAt)
            .thenComparing(LeadEvent::type)
            .thenComparing(e -> new TreeMap<>(e.data()).toString());

    /** A webinar's joins and leaves: chronological, joins before leaves at the same instant, then id. */
    static final Comparator<LeadEvent> SESSION_ORDER = Comparator.comparing(LeadEvent::occurredAt)
            .thenComparing(e -> e.type().equals(EventTypes.WEBINAR_JOINED) ? 0 : 1)
            .thenComparing(LeadEvent::id);

    /**
     * |points| descending, then rule id, then the first event id: only notes share a rule id (one per webinar or
     * event type), and their events are disjoint, so no reason needs writing to be ordered; then the reason.
     */
    static final Comparator<Contribution> CONTRIBUTION_ORDER = (a, b) -> {
        int c = Integer.compare(Math.abs(b.points()), Math.abs(a.points()));
        if (c != 0) {
            return c;
        }
        c = a.ruleId().compareTo(b.ruleId());
        if (c != 0) {
            return c;
        }
        c = firstEventId(a).compareTo(firstEventId(b));
        return c != 0 ? c : a.reason().compareTo(b.reason());
    };

    private static String firstEventId(Contribution c) {
        return c.eventIds().isEmpty() ? "" : c.eventIds().get(0);
    }

    private LeadScorer() {
    }

    /** Scores the lead as of {@code now}. */
    public static Qualification score(LeadHistory history, Ruleset rules, Instant now) {
        return new Run(history, rules, now, false).qualify();
    }

    /** What each event earned under each engagement rule as of {@code now}, in rule order then newest first. */
    public static List<EventPoints> explain(LeadHistory history, Ruleset rules, Instant now) {
        Run run = new Run(history, rules, now, true);
        run.qualify();
        return List.copyOf(run.points);
    }

    /** Whole days from {@code from} to {@code to} (to >= from), exactly: floor((to - from) / 24h). */
    static long ageDays(Instant from, Instant to) {
        long secs = to.getEpochSecond() - from.getEpochSecond();
        if (to.getNano() < from.getNano()) {
            secs--;
        }
        return Math.floorDiv(secs, DAY_SECONDS);
    }

    /** Whether {@code later} is at least {@code seconds} after {@code earlier} (later >= earlier), allocation-free. */
    static boolean atLeastApart(Instant earlier, Instant later, long seconds) {
        long d = later.getEpochSecond() - earlier.getEpochSecond();
        return d > seconds || d == seconds && later.getNano() >= earlier.getNano();
    }

    static String signed(int points) {
        return points > 0 ? "+" + points : Integer.toString(points);
    }

    /** One scoring. */
    private static final class Run {
        final LeadHistory history;
        final Ruleset rules;
        final Instant now;
        final boolean explain;
        final List<EventPoints> points;

        final List<Contribution> contributions;
        /** The profile as merged so far, by {@link Ruleset#PROFILE_FIELDS} index, and the event each value came from. */
        final String[] values = new String[Ruleset.PROFILE_FIELDS.size()];
        final String[] sources = new String[Ruleset.PROFILE_FIELDS.size()];
        Integer companySize;
        Boolean consent;
        /** The event whose fields {@link #profileMerge} is reading. */
        String mergingFrom;
        final BiConsumer<String, String> profileMerge = this::mergeField;

        /** Earliest instant > now at which the result changes, as epoch second and nano; MAX_VALUE = never. */
        long nextSecond = Long.MAX_VALUE;
        int nextNano;

        LeadEvent[] active;
        /** {@link EventTypes#code} of each active event. */
        int[] codes;
        int activeCount;
        /** How many active events are webinar joins or leaves. */
        int sessionSignals;
        long[] ages;
        /** Per engagement rule in turn: what the j-th matched event (chronologically) earned under the cap. */
        int[] grants;

        Run(LeadHistory history, Ruleset rules, Instant now, boolean explain) {
            this.history = history;
            this.rules = rules;
            this.now = now;
            this.explain = explain;
            this.points = explain ? new ArrayList<>() : null;
            this.contributions = new ArrayList<>(rules.fit.length + rules.engagement.length + 8);
        }

        void candidate(long second, int nano) {
            if (second < nextSecond || second == nextSecond && nano < nextNano) {
                nextSecond = second;
                nextNano = nano;
            }
        }

        Qualification qualify() {
            String email = LeadHistory.normalizeEmail(history.email());
            selectEvents();

            // ---- webinar joins and leaves become attendance
            pairWebinarSessions();

            // ---- profile
            for (int i = 0; i < activeCount; i++) {
                LeadEvent e = active[i];
                Map<String, String> data = e.data();
                if (!data.isEmpty()) {
                    mergingFrom = e.id();
                    data.forEach(profileMerge);
                }
                if (codes[i] == EventTypes.UNSUBSCRIBED_CODE) {
                    consent = Boolean.FALSE;
                }
            }
            String[] values = this.values;
            String[] sources = this.sources;
            int atSign = email.lastIndexOf('@');
            String domain = atSign >= 0 && atSign < email.length() - 1 ? email.substring(atSign + 1) : null;
            DomainClass domainClass = rules.classify(domain);
            String seniority = rules.seniorityOf(values[Ruleset.P_JOB_TITLE]);
            values[Ruleset.P_EMAIL_DOMAIN] = domain;
            values[Ruleset.P_DOMAIN_CLASS] = domainClass == null ? null : domainClass.name();
            values[Ruleset.P_SENIORITY] = seniority;
            sources[Ruleset.P_SENIORITY] = sources[Ruleset.P_JOB_TITLE];
            Profile profile = new Profile(values[Ruleset.P_FIRST_NAME], values[Ruleset.P_LAST_NAME],
                    values[Ruleset.P_COMPANY], values[Ruleset.P_JOB_TITLE], companySize, values[Ruleset.P_INDUSTRY],
                    values[Ruleset.P_COUNTRY], values[Ruleset.P_PHONE], domain, domainClass, seniority, consent);

            // ---- fit
            int fit = 0;
            for (Ruleset.FitRule r : rules.fit) {
                Cond c = r.cond();
                String v = values[c.profileIndex];
                if (c.test(v)) {
                    fit += r.points();
                    String src = sources[c.profileIndex];
                    contributions.add(new Contribution(r.id(), ContributionKind.FIT, r.points(),
                            src == null ? List.of() : List.of(src), () -> r.reasonPrefix() + v + "')"));
                }
            }

            // ---- disqualifiers on the profile
            Ruleset.Disqualifier firstDq = null;
            for (Ruleset.Disqualifier d : rules.profileDisqualifiers) {
                Cond c = d.profileCond();
                String v = values[c.profileIndex];
                if (c.test(v)) {
                    String src = sources[c.profileIndex];
                    contributions.add(new Contribution(d.id(), ContributionKind.DISQUALIFIER, 0,
                            src == null ? List.of() : List.of(src),
                            () -> d.description() + ": " + d.reason() + " (" + c.field + " '" + v + "')"));
                    if (firstDq == null || d.order() < firstDq.order()) {
                        firstDq = d;
                    }
                }
            }

            // ---- match events to engagement rules, event disqualifiers and hand-raises
            Ruleset.EngagementRule[] eng = rules.engagement;
            // (rule, event) pairs in event order, grouped by rule below
            int[] pairRule = new int[activeCount + 8];
            int[] pairEvent = new int[pairRule.length];
            int pairs = 0;
            int[] matchedCount = new int[eng.length];
            int[] ruleMatches = new int[eng.length];
            Map<Ruleset.Disqualifier, List<String>> eventDq = null;
            TreeMap<String, List<String>> unknown = null;
            TreeMap<String, List<String>> unscored = null;
            for (int i = 0; i < activeCount; i++) {
                LeadEvent e = active[i];
                int code = codes[i];
                if (code == EventTypes.WEBINAR_JOINED_CODE || code == EventTypes.WEBINAR_LEFT_CODE) {
                    continue; // explained by the webinar-sessions notes
                }
                if (code == EventTypes.UNKNOWN_CODE) {
                    if (unknown == null) {
                        unknown = new TreeMap<>();
                    }
                    unknown.computeIfAbsent(e.type(), k -> new ArrayList<>()).add(e.id());
                    continue;
                }
                boolean scored = false;
                Ruleset.TypeRules byType = rules.engagementByType[code];
                if (byType != null) {
                    int m = byType.matchInto(e.data(), ruleMatches);
                    if (pairs + m > pairRule.length) {
                        pairRule = Arrays.copyOf(pairRule, pairs * 2 + m);
                        pairEvent = Arrays.copyOf(pairEvent, pairRule.length);
                    }
                    for (int k = 0; k < m; k++) {
                        int rule = ruleMatches[k];
                        pairRule[pairs] = rule;
                        pairEvent[pairs++] = i;
                        matchedCount[rule]++;
                    }
                    scored = m > 0;
                }
                Ruleset.Disqualifier[] dqs = rules.eventDisqualifiersByType[code];
                if (dqs != null) {
                    for (Ruleset.Disqualifier d : dqs) {
                        if (d.matchesEvent(e.data())) {
                            if (eventDq == null) {
                                eventDq = new HashMap<>();
                            }
                            eventDq.computeIfAbsent(d, k -> new ArrayList<>()).add(e.id());
                            if (firstDq == null || d.order() < firstDq.order()) {
                                firstDq = d;
                            }
                            scored = true;
                        }
                    }
                }
                if (!scored) {
                    if (unscored == null) {
                        unscored = new TreeMap<>();
                    }
                    unscored.computeIfAbsent(e.type(), k -> new ArrayList<>()).add(e.id());
                }
            }
            // the latest hand-raise counts: the newest event that one matches
            LeadEvent handRaise = null;
            Ruleset.HandRaise handRaiseRule = null;
            for (int i = activeCount - 1; i >= 0 && handRaise == null; i--) {
                Ruleset.HandRaise[] hrs = codes[i] < 0 ? null : rules.handRaiseByType[codes[i]];
                if (hrs != null) {
                    for (Ruleset.HandRaise h : hrs) {
                        if (h.matches(active[i].data())) {
                            handRaise = active[i];
                            handRaiseRule = h;
                            break;
                        }
                    }
                }
            }
            if (eventDq != null) {
                eventDq.forEach((d, ids) -> contributions.add(new Contribution(d.id(), ContributionKind.DISQUALIFIER,
                        0, List.copyOf(ids), () -> d.description() + ": " + d.reason() + " (" + ids.size() + " '"
                        + d.eventType() + "' event" + (ids.size() == 1 ? ")" : "s)"))));
            }
            if (unknown != null) {
                unknown.forEach((type, ids) -> contributions.add(new Contribution(Ruleset.UNKNOWN_TYPE_ID,
                        ContributionKind.INFO, 0, List.copyOf(ids), () -> "event type '" + type + "' is not scored")));
            }
            if (unscored != null) {
                unscored.forEach((type, ids) -> contributions.add(new Contribution(Ruleset.UNSCORED_ID,
                        ContributionKind.INFO, 0, List.copyOf(ids), () -> ids.size() + " '" + type + "' event"
                        + (ids.size() == 1 ? "" : "s") + " matched no rule")));
            }

            // ---- engagement: caps newest first, then decay
            int[] firstOfRule = new int[eng.length + 1];
            for (int k = 0; k < eng.length; k++) {
                firstOfRule[k + 1] = firstOfRule[k] + matchedCount[k];
            }
            int[] matched = new int[pairs]; // each rule's events, chronologically
            int[] fill = Arrays.copyOf(firstOfRule, eng.length);
            for (int k = 0; k < pairs; k++) {
                matched[fill[pairRule[k]]++] = pairEvent[k];
            }
            int engagement = 0;
            for (Ruleset.EngagementRule r : eng) {
                int n = matchedCount[r.index];
                if (n > 0) {
                    engagement += engage(r, matched, firstOfRule[r.index], n);
                }
            }

            int total = fit + engagement;
            String grade = rules.gradeOf(fit);

            // ---- stage
            StageStatus prev = history.previous();
            Stage p = prev == null ? Stage.LEAD : prev.stage();
            Stage stage;
            String reason;
            boolean consentOk = !rules.mqlRequireConsent || Boolean.TRUE.equals(consent);
            boolean mqlFit = fit >= rules.mqlMinFit;
            boolean mqlFull = total >= rules.mqlMinTotal && mqlFit && consentOk;
            if (firstDq != null) {
                stage = Stage.DISQUALIFIED;
                reason = "disqualifier '" + firstDq.id() + "': " + firstDq.reason();
            } else if (p == Stage.SQL) {
                stage = Stage.SQL;
                reason = null;
            } else if (handRaise != null && fit >= rules.sqlMinFit) {
                stage = Stage.SQL;
                reason = "hand-raise " + handRaiseRule.text() + " (event " + handRaise.id() + ") with fit " + fit
                        + (rules.sqlMinFit == Integer.MIN_VALUE ? "" : " >= " + rules.sqlMinFit);
            } else if (rules.sqlMinTotal != null && total >= rules.sqlMinTotal) {
                stage = Stage.SQL;
                reason = "total " + total + " >= SQL threshold " + rules.sqlMinTotal;
            } else if (mqlFull) {
                stage = Stage.MQL;
                reason = "total " + total + " >= MQL threshold " + rules.mqlMinTotal
                        + (rules.mqlMinFit == Integer.MIN_VALUE ? "" : ", fit " + fit + " >= " + rules.mqlMinFit)
                        + (rules.mqlRequireConsent ? ", consent given" : "");
            } else if (p == Stage.MQL) {
                int hold = rules.mqlMinTotal - rules.hysteresis;
                if (total >= hold && mqlFit && consentOk) {
                    stage = Stage.MQL;
                    reason = null;
                } else {
                    stage = Stage.RECYCLED;
                    reason = !consentOk ? "consent withdrawn or missing"
                            : !mqlFit ? "fit " + fit + " < MQL fit threshold " + rules.mqlMinFit
                            : "total " + total + " < " + hold + " (MQL threshold " + rules.mqlMinTotal
                            + " - hysteresis " + rules.hysteresis + ")";
                }
            } else if (p == Stage.RECYCLED) {
                stage = Stage.RECYCLED;
                reason = null;
            } else {
                stage = Stage.LEAD;
                reason = p == Stage.DISQUALIFIED ? "no disqualifier matches any more" : null;
            }
            StageChange transition = null;
            List<StageChange> before = prev == null ? List.of() : prev.history();
            List<StageChange> stageHistory = before;
            if (stage != p) {
                transition = new StageChange(p, stage, reason == null ? "stage " + stage : reason, now);
                int from = Math.max(0, before.size() + 1 - HISTORY_LIMIT);
                List<StageChange> h = new ArrayList<>(Math.min(HISTORY_LIMIT, before.size() + 1));
                for (int i = from; i < before.size(); i++) {
                    h.add(before.get(i));
                }
                h.add(transition);
                stageHistory = h;
            } else if (before.size() > HISTORY_LIMIT) {
                stageHistory = before.subList(before.size() - HISTORY_LIMIT, before.size());
            }

            contributions.sort(CONTRIBUTION_ORDER);
            return new Qualification(email, fit, engagement, total, grade, stage, transition, stageHistory,
                    contributions, profile, rules.version(), now,
                    nextSecond == Long.MAX_VALUE ? null : Instant.ofEpochSecond(nextSecond, nextNano));
        }

        /** Takes one field of the event being merged: chronological order makes the latest non-blank value win. */
        private void mergeField(String key, String value) {
            int idx = profileIndex(key);
            if (idx < 0) {
                if (idx == -2) {
                    String v = value.trim();
                    if (v.equalsIgnoreCase("true")) {
                        consent = Boolean.TRUE;
                    } else if (v.equalsIgnoreCase("false")) {
                        consent = Boolean.FALSE;
                    }
                }
                return;
            }
            if (value.isBlank()) {
                return;
            }
            String v = value.strip();
            if (idx == Ruleset.P_COMPANY_SIZE) {
                long n = Cond.parseLong(v);
                if (n == Long.MIN_VALUE || n < 0 || n > Integer.MAX_VALUE) {
                    return;
                }
                companySize = (int) n;
                v = Integer.toString((int) n);
            }
            values[idx] = v;
            sources[idx] = mergingFrom;
        }

        /**
         * Deduplicates by id (an open-addressing table of indices: no entry objects), drops future events
         * (remembering when they start to count), sorts the rest.
         */
        private void selectEvents() {
            Collection<LeadEvent> in = history.events();
            LeadEvent[] arr = in.toArray(new LeadEvent[in.size() + 4]);
            int size = in.size();
            int[] slots = new int[Integer.highestOneBit(Math.max(4, size) * 2) * 2];
            Arrays.fill(slots, -1);
            int mask = slots.length - 1;
            int n = 0;
            for (int i = 0; i < size; i++) {
                LeadEvent e = arr[i];
                int h = e.id().hashCode();
                int s = (h ^ (h >>> 16)) & mask;
                while (true) {
                    int at = slots[s];
                    if (at < 0) {
                        slots[s] = n;
                        arr[n++] = e;
                        break;
                    }
                    LeadEvent prior = arr[at];
                    if (prior.id().equals(e.id())) {
                        if (!prior.equals(e) && DUPLICATE_PICK.compare(e, prior) < 0) {
                            arr[at] = e;
                        }
                        break;
                    }
                    s = (s + 1) & mask;
                }
            }
            int kept = 0;
            for (int i = 0; i < n; i++) {
                LeadEvent e = arr[i];
                if (e.occurredAt().isAfter(now)) {
                    candidate(e.occurredAt().getEpochSecond(), e.occurredAt().getNano());
                } else {
                    arr[kept++] = e;
                }
            }
            sortChronologically(arr, kept);
            active = arr;
            activeCount = kept;
            codes = new int[arr.length];
            for (int i = 0; i < kept; i++) {
                int code = EventTypes.code(arr[i].type());
                codes[i] = code;
                if (code == EventTypes.WEBINAR_JOINED_CODE || code == EventTypes.WEBINAR_LEFT_CODE) {
                    sessionSignals++;
                }
            }
        }

        /**
         * Pairs webinar_joined / webinar_left per webinarId (each left closes the latest open join) into one
         * synthetic webinar_attended event "attendance:&lt;webinarId&gt;" unless the provider reported attendance.
         */
        private void pairWebinarSessions() {
            int signals = sessionSignals;
            if (signals == 0) {
                return;
            }
            // the joins and leaves, chronologically, and the webinars the provider reported attendance for
            LeadEvent[] session = new LeadEvent[signals];
            String[] webinarOf = new String[signals];
            List<String> reported = null;
            int z = 0;
            for (int i = 0; i < activeCount; i++) {
                LeadEvent e = active[i];
                int code = codes[i];
                if (code == EventTypes.WEBINAR_JOINED_CODE || code == EventTypes.WEBINAR_LEFT_CODE) {
                    webinarOf[z] = e.data().getOrDefault(EventFields.WEBINAR_ID, "");
                    session[z++] = e;
                } else if (code == EventTypes.WEBINAR_ATTENDED_CODE) {
                    if (reported == null) {
                        reported = new ArrayList<>(4);
                    }
                    reported.add(e.data().getOrDefault(EventFields.WEBINAR_ID, ""));
                }
            }
            String[] webinars = distinctSorted(webinarOf);
            LeadEvent[] evs = new LeadEvent[signals];
            LeadEvent[] open = new LeadEvent[signals];
            for (String webinarId : webinars) {
                int count = 0;
                for (int k = 0; k < signals; k++) {
                    if (webinarOf[k].equals(webinarId)) {
                        evs[count++] = session[k];
                    }
                }
                String[] ids = new String[count]; // chronological
                boolean ties = false;
                for (int k = 0; k < count; k++) {
                    ids[k] = evs[k].id();
                    ties |= k > 0 && evs[k].occurredAt().equals(evs[k - 1].occurredAt());
                }
                if (ties) { // joins before leaves at the same instant
                    Arrays.sort(evs, 0, count, SESSION_ORDER);
                }
                int opened = 0;
                long seconds = 0;
                long nanos = 0;
                int pairs = 0;
                int orphanLeaves = 0;
                Instant firstJoin = null;
                String title = null;
                for (int k = 0; k < count; k++) {
                    LeadEvent e = evs[k];
                    if (e.type().equals(EventTypes.WEBINAR_JOINED)) { // else left
                        open[opened++] = e;
                        if (title == null) {
                            title = e.data().get(EventFields.WEBINAR_TITLE);
                        }
                    } else if (opened == 0) {
                        orphanLeaves++;
                    } else {
                        LeadEvent join = open[--opened];
                        java.time.Duration d = java.time.Duration.between(join.occurredAt(), e.occurredAt());
                        seconds += d.getSeconds();
                        nanos += d.getNano();
                        pairs++;
                        if (firstJoin == null || join.occurredAt().isBefore(firstJoin)) {
                            firstJoin = join.occurredAt();
                        }
                    }
                }
                long minutes = (seconds + nanos / 1_000_000_000L) / 60;
                boolean providerReported = reported != null && reported.contains(webinarId);
                String attendanceId = "attendance:" + webinarId;
                if (pairs > 0 && !providerReported) {
                    Map<String, String> data = title == null
                            ? Map.of(EventFields.WEBINAR_ID, webinarId, EventFields.MINUTES, Long.toString(minutes),
                                    EventFields.SOURCE, "zoom")
                            : Map.of(EventFields.WEBINAR_ID, webinarId, EventFields.MINUTES, Long.toString(minutes),
                                    EventFields.SOURCE, "zoom", EventFields.WEBINAR_TITLE, title);
                    insertChronologically(new LeadEvent(attendanceId, EventTypes.WEBINAR_ATTENDED, firstJoin, data));
                }
                int paired = pairs;
                int stillOpen = opened;
                int orphans = orphanLeaves;
                contributions.add(new Contribution(Ruleset.SESSIONS_ID, ContributionKind.INFO, 0,
                        Collections.unmodifiableList(Arrays.asList(ids)), () -> sessionsReason(webinarId, paired,
                                minutes, providerReported, attendanceId, stillOpen, orphans)));
            }
        }

        /** Puts a synthetic event among the active ones, after every event that sorts before or with it. */
        private void insertChronologically(LeadEvent e) {
            if (activeCount == active.length) {
                active = Arrays.copyOf(active, activeCount + 4);
                codes = Arrays.copyOf(codes, activeCount + 4);
            }
            int lo = 0;
            int hi = activeCount;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (CHRONOLOGICAL.compare(active[mid], e) <= 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            System.arraycopy(active, lo, active, lo + 1, activeCount - lo);
            System.arraycopy(codes, lo, codes, lo + 1, activeCount - lo);
            active[lo] = e;
            codes[lo] = EventTypes.WEBINAR_ATTENDED_CODE;
            activeCount++;
        }

        /**
         * Allocates the cap newest first over a rolling window, applies decay, adds the contribution; returns its
         * points. An event at t earns what the cap leaves after the newer events within [t, t + window): those are
         * the only grants any window holding t has seen so far, so no window of that length ever exceeds the cap,
         * and an older event never changes what a newer one earned.
         */
        private int engage(Ruleset.EngagementRule r, int[] matched, int from, int n) {
            if (ages == null) {
                ages = new long[activeCount];
                Arrays.fill(ages, -1);
            }
            int sign = r.points > 0 ? 1 : -1;
            int per = Math.abs(r.points);
            int earnedSum = 0;
            int valueSum = 0;
            int expired = 0;
            int capped = 0;
            boolean capIsRolling = r.capPoints > 0 && r.capWindowSeconds > 0;
            if (r.capPoints > 0 && (grants == null || grants.length < n)) {
                grants = new int[activeCount];
            }
            int inWindow = 0; // points granted to events j+1 .. hi, the newer events within the window of event j
            int hi = n - 1;
            for (int j = n - 1; j >= 0; j--) { // newest first; ties: the larger id first
                int i = matched[from + j];
                LeadEvent e = active[i];
                int earned;
                if (r.capPoints > 0) {
                    if (capIsRolling) {
                        Instant t = e.occurredAt();
                        while (hi > j && atLeastApart(t, active[matched[from + hi]].occurredAt(), r.capWindowSeconds)) {
                            inWindow -= grants[hi--];
                        }
                    }
                    int got = Math.min(per, r.capPoints - inWindow);
                    grants[j] = got;
                    inWindow += got;
                    earned = sign * got;
                    if (got < per) {
                        capped++;
                    }
                } else {
                    earned = r.points;
                }
                long age = ages[i];
                if (age < 0) {
                    age = ages[i] = ageDays(e.occurredAt(), now);
                }
                int value = earned == 0 ? 0 : r.value(earned, age);
                if (earned != 0 && r.decay != Ruleset.DecayKind.NONE) {
                    if (value == 0) {
                        expired++;
                    } else {
                        long k = r.nextChangeAge(earned, age);
                        if (k >= 0) {
                            candidate(e.occurredAt().getEpochSecond() + k * DAY_SECONDS, e.occurredAt().getNano());
                        }
                    }
                }
                earnedSum += earned;
                valueSum += value;
                if (explain) {
                    points.add(new EventPoints(r.id, e.id(), e.occurredAt(), earned, value));
                }
            }
            String[] ids = new String[n];
            for (int j = 0; j < n; j++) {
                ids[j] = active[matched[from + j]].id();
            }
            int cappedEvents = capped;
            int earned = earnedSum;
            int value = valueSum;
            int decayed = expired;
            contributions.add(new Contribution(r.id, ContributionKind.ENGAGEMENT, valueSum,
                    Collections.unmodifiableList(Arrays.asList(ids)),
                    () -> engagementReason(r, n, cappedEvents, earned, value, decayed)));
            return valueSum;
        }
    }

    /** "Content download: 3 events at +10 pts; cap ...; decayed to ..." */
    static String engagementReason(Ruleset.EngagementRule r, int events, int capped, int earnedSum, int valueSum,
            int expired) {
        StringBuilder why = new StringBuilder(96).append(r.reasonHead).append(events)
                .append(events == 1 ? " event" : " events").append(r.reasonPoints);
        if (capped > 0) {
            why.append("; cap ").append(r.capPoints);
            if (r.capWindowDays > 0) {
                why.append(" in any ").append(r.capWindowDays).append(r.capWindowDays == 1 ? " day" : " days");
            }
            why.append(": ").append(capped).append(capped == 1 ? " event" : " events")
                    .append(" capped, earned ").append(signed(earnedSum));
        }
        if (valueSum != earnedSum) {
            if (r.decay == Ruleset.DecayKind.HALF_LIFE) {
                why.append("; decayed to ").append(signed(valueSum)).append(" (half-life ")
                        .append(formatDays(r.halfLifeDays)).append(" days");
                if (expired > 0) {
                    why.append(", ").append(expired).append(" fully decayed");
                }
                why.append(')');
            } else {
                why.append("; ").append(expired).append(expired == 1 ? " event" : " events")
                        .append(" expired after ").append(r.expireAfterDays).append(" days, now ")
                        .append(signed(valueSum));
            }
        }
        return why.toString();
    }

    /**
     * Sorts the first {@code n} events (ids distinct) as {@link #CHRONOLOGICAL} does. Each event becomes one long,
     * its offset from the earliest one (in the coarsest of ms, µs, ns that loses nothing) shifted left over its
     * index, so a primitive sort orders them without comparing Instants; equal instants are then ordered by id.
     * Spans too long for that (years at nanosecond precision) take the comparator.
     */
    static void sortChronologically(LeadEvent[] events, int n) {
        if (n < 2) {
            return;
        }
        long minSecond = Long.MAX_VALUE;
        long maxSecond = Long.MIN_VALUE;
        int nanoBits = 0;
        boolean sorted = true; // events read from the table come in key order, which is chronological
        for (int i = 0; i < n; i++) {
            Instant t = events[i].occurredAt();
            minSecond = Math.min(minSecond, t.getEpochSecond());
            maxSecond = Math.max(maxSecond, t.getEpochSecond());
            nanoBits |= t.getNano();
            sorted &= i == 0 || CHRONOLOGICAL.compare(events[i - 1], events[i]) < 0;
        }
        if (sorted) {
            return;
        }
        int indexBits = 32 - Integer.numberOfLeadingZeros(n - 1);
        long unit = nanoBits == 0 ? 1_000_000_000L : allMultiplesOf(events, n, 1_000_000) ? 1_000_000
                : allMultiplesOf(events, n, 1_000) ? 1_000 : 1;
        long perSecond = 1_000_000_000L / unit;
        if (maxSecond - minSecond >= (Long.MAX_VALUE >>> indexBits) / perSecond - 1) {
            Arrays.sort(events, 0, n, CHRONOLOGICAL);
            return;
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            Instant t = events[i].occurredAt();
            long offset = (t.getEpochSecond() - minSecond) * perSecond + t.getNano() / unit;
            keys[i] = offset << indexBits | i;
        }
        Arrays.sort(keys);
        LeadEvent[] unsorted = Arrays.copyOf(events, n);
        int mask = (1 << indexBits) - 1;
        int runStart = 0;
        for (int j = 0; j < n; j++) {
            events[j] = unsorted[(int) keys[j] & mask];
            if (j > 0 && keys[j] >>> indexBits != keys[j - 1] >>> indexBits) {
                runStart = j;
            }
            for (int k = j; k > runStart && events[k].id().compareTo(events[k - 1].id()) < 0; k--) {
                LeadEvent swap = events[k];
                events[k] = events[k - 1];
                events[k - 1] = swap;
            }
        }
    }

    private static boolean allMultiplesOf(LeadEvent[] events, int n, int nanos) {
        for (int i = 0; i < n; i++) {
            if (events[i].occurredAt().getNano() % nanos != 0) {
                return false;
            }
        }
        return true;
    }

    /** The distinct values, in natural order. */
    static String[] distinctSorted(String[] values) {
        String[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (n == 0 || !sorted[i].equals(sorted[n - 1])) {
                sorted[n++] = sorted[i];
            }
        }
        return n == sorted.length ? sorted : Arrays.copyOf(sorted, n);
    }

    /** "webinar 'w-1': 2 join/leave pairs = 48 minutes, scored as event attendance:w-1; ..." */
    static String sessionsReason(String webinarId, int pairs, long minutes, boolean providerReported,
            String attendanceId, int open, int orphanLeaves) {
        StringBuilder why = new StringBuilder("webinar ")
                .append(webinarId.isEmpty() ? "without webinarId" : "'" + webinarId + "'").append(": ").append(pairs)
                .append(pairs == 1 ? " join/leave pair" : " join/leave pairs");
        if (pairs > 0) {
            why.append(" = ").append(minutes).append(" minutes");
            if (providerReported) {
                why.append(", not scored: the provider reported attendance for this webinar");
            } else {
                why.append(", scored as event ").append(attendanceId);
            }
        }
        if (open > 0) {
            why.append("; ").append(open).append(open == 1 ? " open join" : " open joins").append(" not counted yet");
        }
        if (orphanLeaves > 0) {
            why.append("; ").append(orphanLeaves).append(orphanLeaves == 1 ? " leave" : " leaves")
                    .append(" without a join ignored");
        }
        return why.toString();
    }

    static String formatDays(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Index of a profile field in {@link Ruleset#PROFILE_FIELDS}; -2 for consent; -1 for anything else. */
    static int profileIndex(String key) {
        switch (key) {
            case EventFields.FIRST_NAME:
                return Ruleset.P_FIRST_NAME;
            case EventFields.LAST_NAME:
                return Ruleset.P_LAST_NAME;
            case EventFields.COMPANY:
                return Ruleset.P_COMPANY;
            case EventFields.JOB_TITLE:
                return Ruleset.P_JOB_TITLE;
            case EventFields.COMPANY_SIZE:
                return Ruleset.P_COMPANY_SIZE;
            case EventFields.INDUSTRY:
                return Ruleset.P_INDUSTRY;
            case EventFields.COUNTRY:
                return Ruleset.P_COUNTRY;
            case EventFields.PHONE:
                return Ruleset.P_PHONE;
            case EventFields.CONSENT:
                return -2;
            default:
                return -1;
        }
    }
}
