package com.leadqual.scoring;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.leadqual.scoring.Ev.ev;
import static com.leadqual.scoring.Ev.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class LeadScorerTest {
    static final Ruleset RULES = Ruleset.defaults();
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final String EXEC = "2026-05-01T09:00:00Z";

    static Qualification score(String email, List<LeadEvent> events, StageStatus previous, Instant now) {
        return LeadScorer.score(new LeadHistory(email, events, previous), RULES, now);
    }

    static Qualification score(List<LeadEvent> events) {
        return score("jane@acme.com", events, null, NOW);
    }

    static Contribution contribution(Qualification q, String ruleId) {
        return q.contributions().stream().filter(c -> c.ruleId().equals(ruleId)).findFirst().orElseThrow(
                () -> new AssertionError("no contribution " + ruleId + " in " + q.contributions()));
    }

    static StageStatus was(Stage s) {
        return new StageStatus(s, List.of(new StageChange(Stage.LEAD, s, "earlier", Instant.parse("2026-01-01T00:00:00Z"))));
    }

    /** A profile worth fit 45 (director 15, software 15, mid-size 10, US 5) + business email 10 = 55. */
    static LeadEvent profile(String id, String at) {
        return form(id, "newsletter", at, "jobTitle", "Director of IT", "industry", "Software", "companySize",
                "200", "country", "US", "consent", "true");
    }

    @Test
    void normalizesTheEmailAndDerivesTheDomain() {
        Qualification q = score("  Jane.Doe@Mail.Acme.COM ", List.of(), null, NOW);
        assertThat(q.email()).isEqualTo("jane.doe@mail.acme.com");
        assertThat(q.profile().emailDomain()).isEqualTo("mail.acme.com");
        assertThat(q.profile().domainClass()).isEqualTo(DomainClass.BUSINESS);
        assertThat(q.rulesVersion()).isEqualTo(RULES.version());
        assertThat(q.scoredAt()).isEqualTo(NOW);
        assertThat(q.stage()).isEqualTo(Stage.LEAD);
        assertThat(q.transition()).isNull();
        assertThat(q.nextChangeAt()).isNull();
    }

    @Test
    void domainClassMatchesParentDomainsAndCompetitorWins() {
        assertThat(RULES.classify("eu.mail.gmail.com")).isEqualTo(DomainClass.FREE_MAIL);
        assertThat(RULES.classify("x.mailinator.com")).isEqualTo(DomainClass.DISPOSABLE);
        assertThat(RULES.classify("sales.leadrival.com")).isEqualTo(DomainClass.COMPETITOR);
        assertThat(RULES.classify("notgmail.com")).isEqualTo(DomainClass.BUSINESS);
        assertThat(RULES.classify(null)).isNull();
    }

    @Test
    void seniorityFromWholeWordKeywords() {
        assertThat(RULES.seniorityOf("Engineering Manager")).isEqualTo("manager");
        assertThat(RULES.seniorityOf("Vice President, Sales")).isEqualTo("executive");
        assertThat(RULES.seniorityOf("Co-Founder & CTO")).isEqualTo("executive");
        assertThat(RULES.seniorityOf("Head of Data")).isEqualTo("director");
        assertThat(RULES.seniorityOf("Software Engineer")).isEqualTo("individual");
        assertThat(RULES.seniorityOf("Marketing Intern")).isEqualTo("student");
        assertThat(RULES.seniorityOf("Ownership advocate")).isEqualTo("unknown");
        assertThat(RULES.seniorityOf(null)).isEqualTo("unknown");
    }

    @Test
    void profileMergesTheLatestNonBlankValueOfEachField() {
        Qualification q = score(List.of(
                form("a", "newsletter", "2026-05-01T00:00:00Z", "company", "Acme", "jobTitle", "Analyst",
                        "companySize", "120"),
                form("b", "content_download", "2026-05-02T00:00:00Z", "company", "  ", "jobTitle", "Head of IT",
                        "companySize", "about 200"),
                // same instant: the larger id wins the tie
                form("d", "content_download", "2026-05-03T00:00:00Z", "firstName", "Janet"),
                form("c", "content_download", "2026-05-03T00:00:00Z", "firstName", "Jane")));
        Profile p = q.profile();
        assertThat(p.company()).isEqualTo("Acme");
        assertThat(p.jobTitle()).isEqualTo("Head of IT");
        assertThat(p.seniority()).isEqualTo("director");
        assertThat(p.companySize()).isEqualTo(120);
        assertThat(p.firstName()).isEqualTo("Janet");
        assertThat(contribution(q, "seniority-director").eventIds()).containsExactly("b");
    }

    @Test
    void consentFollowsTheLatestSignalAndUnsubscribeWithdrawsIt() {
        LeadEvent optIn = form("a", "newsletter", "2026-05-01T00:00:00Z", "consent", "true");
        LeadEvent unsub = ev("b", EventTypes.UNSUBSCRIBED, "2026-05-02T00:00:00Z");
        LeadEvent optInAgain = form("c", "newsletter", "2026-05-03T00:00:00Z", "consent", "TRUE");
        assertThat(score(List.of(optIn)).profile().consent()).isTrue();
        assertThat(score(List.of(optIn, unsub)).profile().consent()).isFalse();
        assertThat(score(List.of(optIn, unsub, optInAgain)).profile().consent()).isTrue();
        assertThat(score(List.of()).profile().consent()).isNull();
    }

    @Test
    void duplicateIdsCountOnceWithADeterministicPick() {
        LeadEvent early = form("dup", "demo_request", "2026-05-01T00:00:00Z");
        LeadEvent late = form("dup", "content_download", "2026-05-20T00:00:00Z");
        Qualification a = score(List.of(early, late, early));
        Qualification b = score(List.of(late, early));
        assertThat(a).isEqualTo(b);
        assertThat(contribution(a, "demo-request").eventIds()).containsExactly("dup");
        assertThat(a.contributions()).noneMatch(c -> c.ruleId().equals("content-download"));
    }

    @Test
    void futureEventsAreIgnoredButDateTheNextChange() {
        LeadEvent future = form("f", "demo_request", "2026-06-10T00:00:00Z", "company", "Future Inc");
        Qualification q = score(List.of(future));
        assertThat(q.engagement()).isZero();
        assertThat(q.profile().company()).isNull();
        assertThat(q.nextChangeAt()).isEqualTo(Instant.parse("2026-06-10T00:00:00Z"));
    }

    @Test
    void halfLifeDecayUsesWholeDaysAndRoundsHalfUp() {
        // 40 pts, half-life 30 days: 30 days old -> 20; 29 days 23 h old -> 29 whole days -> round(20.47) = 20
        LeadEvent demo = form("d", "demo_request", "2026-05-02T12:00:00Z");
        Qualification q = score(List.of(demo));
        assertThat(q.engagement()).isEqualTo(20);
        assertThat(contribution(q, "demo-request").reason())
                .isEqualTo("Demo request form: 1 event at +40 pts; decayed to +20 (half-life 30 days)");
        // next change: 40 * 0.5^(31/30) = 19.55 -> 20 still; 32 days -> 19.1 -> 19
        assertThat(q.nextChangeAt()).isEqualTo(Instant.parse("2026-06-03T12:00:00Z"));
        assertThat(score("jane@acme.com", List.of(demo), null, Instant.parse("2026-06-03T11:59:59.999Z"))
                .engagement()).isEqualTo(20);
        assertThat(score("jane@acme.com", List.of(demo), null, Instant.parse("2026-06-03T12:00:00Z"))
                .engagement()).isEqualTo(19);
    }

    @Test
    void expiryKeepsFullValueUntilTheDeadline() {
        LeadEvent reg = ev("r", EventTypes.WEBINAR_REGISTERED, "2026-03-04T12:00:00Z");
        Qualification q = score(List.of(reg));
        assertThat(q.engagement()).isEqualTo(5);
        assertThat(q.nextChangeAt()).isEqualTo(Instant.parse("2026-06-02T12:00:00Z"));
        Qualification later = score("jane@acme.com", List.of(reg), null, Instant.parse("2026-06-02T12:00:00Z"));
        assertThat(later.engagement()).isZero();
        assertThat(later.nextChangeAt()).isNull();
        assertThat(contribution(later, "webinar-registered").reason())
                .isEqualTo("Webinar registration: 1 event at +5 pts; 1 event expired after 90 days, now 0");
    }

    @Test
    void capsAllocateNewestFirstOverARollingWindow() {
        // content download: 10 pts, at most 30 in any 30 days. cd4 is exactly 30 days after cd1, so no 30-day
        // window [t, t + 30d) holds both: all four earn 10 although they fall within 31 days
        List<LeadEvent> evs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            evs.add(form("cd" + i, "content_download", "2026-05-0" + i + "T10:00:00Z"));
        }
        evs.add(form("cd4", "content_download", "2026-05-31T10:00:00Z"));
        Instant at = Instant.parse("2026-06-01T00:00:00Z");
        assertThat(LeadScorer.explain(new LeadHistory("a@acme.com", evs, null), RULES, at))
                .extracting(EventPoints::eventId, EventPoints::earned)
                .containsExactly(tuple("cd4", 10), tuple("cd3", 10), tuple("cd2", 10), tuple("cd1", 10));
        // one second earlier, cd4 shares a window with cd1..cd3: the oldest one earns nothing
        evs.set(3, form("cd4", "content_download", "2026-05-31T09:59:59Z"));
        assertThat(LeadScorer.explain(new LeadHistory("a@acme.com", evs, null), RULES, at))
                .extracting(EventPoints::eventId, EventPoints::earned)
                .containsExactly(tuple("cd4", 10), tuple("cd3", 10), tuple("cd2", 10), tuple("cd1", 0));
        Qualification q = score("a@acme.com", evs, null, at);
        assertThat(contribution(q, "content-download").reason()).startsWith(
                "Content download: 4 events at +10 pts; cap 30 in any 30 days: 1 event capped, earned +30");
        assertThat(contribution(q, "content-download").eventIds()).containsExactly("cd1", "cd2", "cd3", "cd4");
    }

    @Test
    void aRollingCapSpreadsOverTimeAndOlderEventsNeverTakeFromNewerOnes() {
        // days 0, 10, 20, 25, 40, 55 (one download each): newest first, each earns what its window
        // [t, t + 30d) leaves; day 0's window already holds days 10, 20, 25 = 30
        String[] days = {"2026-01-01", "2026-01-11", "2026-01-21", "2026-01-26", "2026-02-10", "2026-02-25"};
        List<LeadEvent> evs = new ArrayList<>();
        for (int i = 0; i < days.length; i++) {
            evs.add(form("d" + i, "content_download", days[i] + "T08:00:00Z"));
        }
        Instant at = Instant.parse("2026-03-01T00:00:00Z");
        List<EventPoints> pts = LeadScorer.explain(new LeadHistory("a@acme.com", evs, null), RULES, at);
        assertThat(pts).extracting(EventPoints::eventId, EventPoints::earned).containsExactly(tuple("d5", 10),
                tuple("d4", 10), tuple("d3", 10), tuple("d2", 10), tuple("d1", 10), tuple("d0", 0));
        assertThat(contribution(score("a@acme.com", evs, null, at), "content-download").reason()).startsWith(
                "Content download: 6 events at +10 pts; cap 30 in any 30 days: 1 event capped, earned +50");
        List<LeadEvent> older = new ArrayList<>(evs);
        older.add(form("d-1", "content_download", "2025-12-31T08:00:00Z"));
        assertThat(LeadScorer.explain(new LeadHistory("a@acme.com", older, null), RULES, at).subList(0, 6))
                .isEqualTo(pts);
    }

    @Test
    void negativeRulesAreCappedToo() {
        Qualification q = score(List.of(ev("n1", EventTypes.WEBINAR_NO_SHOW, "2026-05-01T00:00:00Z"),
                ev("n2", EventTypes.WEBINAR_NO_SHOW, "2026-05-02T00:00:00Z"),
                ev("n3", EventTypes.WEBINAR_NO_SHOW, "2026-05-03T00:00:00Z"),
                ev("n4", EventTypes.WEBINAR_NO_SHOW, "2026-05-04T00:00:00Z")));
        assertThat(q.engagement()).isEqualTo(-15);
    }

    @Test
    void webinarJoinsAndLeavesArePairedLastInFirstOut() {
        List<LeadEvent> evs = List.of(
                ev("j1", EventTypes.WEBINAR_JOINED, "2026-05-10T10:00:00Z", "webinarId", "w1"),
                ev("l1", EventTypes.WEBINAR_LEFT, "2026-05-10T10:20:00Z", "webinarId", "w1"),
                ev("j2", EventTypes.WEBINAR_JOINED, "2026-05-10T10:25:00Z", "webinarId", "w1"),
                ev("l2", EventTypes.WEBINAR_LEFT, "2026-05-10T10:40:59Z", "webinarId", "w1"),
                ev("j3", EventTypes.WEBINAR_JOINED, "2026-05-10T10:50:00Z", "webinarId", "w1"),
                ev("l0", EventTypes.WEBINAR_LEFT, "2026-05-11T10:00:00Z", "webinarId", "w2"));
        Qualification q = score("a@acme.com", evs, null, Instant.parse("2026-05-12T00:00:00Z"));
        // 20 + 15:59 -> 35 minutes; attended 15 + 30-minute bonus 10, 1 day old: undecayed
        assertThat(q.engagement()).isEqualTo(25);
        assertThat(contribution(q, "webinar-attended-30min").eventIds()).containsExactly("attendance:w1");
        assertThat(q.contributions()).filteredOn(c -> c.ruleId().equals("webinar-sessions"))
                .extracting(Contribution::reason).containsExactly(
                        "webinar 'w1': 2 join/leave pairs = 35 minutes, scored as event attendance:w1; 1 open join not counted yet",
                        "webinar 'w2': 0 join/leave pairs; 1 leave without a join ignored");
        // decay of the synthetic event starts at the first join: 15 -> 14 after 3 days (15 * 0.5^(3/60) = 14.49)
        assertThat(q.nextChangeAt()).isEqualTo(Instant.parse("2026-05-13T10:00:00Z"));
    }

    @Test
    void reportedAttendanceTakesPrecedenceOverJoinLeavePairs() {
        List<LeadEvent> evs = List.of(
                ev("j1", EventTypes.WEBINAR_JOINED, "2026-05-10T10:00:00Z", "webinarId", "w1"),
                ev("l1", EventTypes.WEBINAR_LEFT, "2026-05-10T10:50:00Z", "webinarId", "w1"),
                ev("a1", EventTypes.WEBINAR_ATTENDED, "2026-05-10T11:00:00Z", "webinarId", "w1", "minutes", "12"));
        Qualification q = score("a@acme.com", evs, null, Instant.parse("2026-05-11T00:00:00Z"));
        assertThat(q.engagement()).isEqualTo(15);
        assertThat(contribution(q, "webinar-attended").eventIds()).containsExactly("a1");
    }

    @Test
    void unknownAndUnscoredEventsAreExplained() {
        Qualification q = score(List.of(ev("x", "page_view", "2026-05-01T00:00:00Z"),
                ev("y", "page_view", "2026-05-02T00:00:00Z"),
                form("z", "content_download", "2026-05-02T00:00:00Z"),
                ev("w", EventTypes.EMAIL_BOUNCED, "2026-05-03T00:00:00Z")));
        assertThat(contribution(q, "unknown-event-type")).isEqualTo(new Contribution("unknown-event-type",
                ContributionKind.INFO, 0, List.of("x", "y"), "event type 'page_view' is not scored"));
        // content download 30 days old at half-life 60: round(10 * 0.5^0.5) = 7; bounce -10
        assertThat(q.engagement()).isEqualTo(7 - 10);
    }

    @Test
    void contributionsAreSortedByMagnitudeThenRuleId() {
        Qualification q = score(List.of(profile("p", EXEC), form("d", "demo_request", "2026-06-01T00:00:00Z")));
        List<Contribution> cs = q.contributions();
        for (int i = 1; i < cs.size(); i++) {
            assertThat(LeadScorer.CONTRIBUTION_ORDER.compare(cs.get(i - 1), cs.get(i))).isNegative();
        }
        assertThat(cs.get(0).ruleId()).isEqualTo("demo-request");
    }

    // ---------------------------------------------------------------- stages

    @Test
    void newLeadWithHandRaiseAndFitBecomesSql() {
        Qualification q = score(List.of(profile("p", EXEC), form("d", "demo_request", "2026-05-30T00:00:00Z")));
        assertThat(q.fit()).isEqualTo(55);
        assertThat(q.grade()).isEqualTo("A");
        assertThat(q.stage()).isEqualTo(Stage.SQL);
        assertThat(q.transition().from()).isEqualTo(Stage.LEAD);
        assertThat(q.transition().reason()).isEqualTo("hand-raise form_submitted with formType in [demo_request, "
                + "contact_sales] (event d) with fit 55 >= 30");
        assertThat(q.transition().at()).isEqualTo(NOW);
        assertThat(q.stageHistory()).containsExactly(q.transition());
    }

    @Test
    void handRaiseWithoutFitIsNotSql() {
        Qualification q = score("kid@gmail.com", List.of(form("d", "demo_request", "2026-05-31T00:00:00Z",
                "jobTitle", "Student", "consent", "true")), null, NOW);
        assertThat(q.fit()).isEqualTo(-25);
        assertThat(q.stage()).isEqualTo(Stage.LEAD);
    }

    @Test
    void mqlNeedsTotalFitAndConsent() {
        List<LeadEvent> evs = new ArrayList<>(List.of(profile("p", "2026-05-31T00:00:00Z"),
                form("t", "trial_signup", "2026-05-31T00:00:00Z")));
        Qualification q = score(evs);
        assertThat(q.total()).isEqualTo(55 + 5 + 30);
        assertThat(q.stage()).isEqualTo(Stage.MQL);
        assertThat(q.transition().reason()).isEqualTo("total 90 >= MQL threshold 60, fit 55 >= 20, consent given");
        evs.add(ev("u", EventTypes.UNSUBSCRIBED, "2026-05-31T01:00:00Z"));
        assertThat(score(evs).stage()).isEqualTo(Stage.LEAD);
    }

    @Test
    void mqlHoldsWithinHysteresisThenRecycles() {
        // fit 55 + newsletter 5 = 60 without anything else; a pricing inquiry decays from 25
        List<LeadEvent> evs = List.of(profile("p", "2026-01-01T00:00:00Z"),
                form("q", "pricing_inquiry", "2026-05-01T00:00:00Z"));
        Qualification atThreshold = score("jane@acme.com", evs, was(Stage.MQL), Instant.parse("2026-05-01T00:00:00Z"));
        assertThat(atThreshold.total()).isEqualTo(55 + 5 + 25); // the newsletter is 120 days old: not expired yet
        assertThat(atThreshold.stage()).isEqualTo(Stage.MQL);
        Qualification holds = score("jane@acme.com", List.of(profile("p", "2025-10-01T00:00:00Z")), was(Stage.MQL), NOW);
        assertThat(holds.total()).isEqualTo(55); // newsletter expired; 55 >= 60 - 10
        assertThat(holds.stage()).isEqualTo(Stage.MQL);
        assertThat(holds.transition()).isNull();
        LeadEvent lowFit = form("p", "newsletter", "2025-10-01T00:00:00Z", "jobTitle", "Director of IT", "industry",
                "Retail", "companySize", "200", "country", "US", "consent", "true");
        Qualification recycled = score("jane@acme.com", List.of(lowFit), was(Stage.MQL), NOW);
        assertThat(recycled.total()).isEqualTo(40);
        assertThat(recycled.stage()).isEqualTo(Stage.RECYCLED);
        assertThat(recycled.transition().reason()).isEqualTo("total 40 < 50 (MQL threshold 60 - hysteresis 10)");
        assertThat(recycled.stageHistory()).hasSize(2);
    }

    @Test
    void recycledReturnsToMqlOnlyOnTheFullCondition() {
        Qualification stays = score("jane@acme.com", List.of(profile("p", "2025-10-01T00:00:00Z")), was(Stage.RECYCLED), NOW);
        assertThat(stays.total()).isEqualTo(55);
        assertThat(stays.stage()).isEqualTo(Stage.RECYCLED);
        Qualification back = score("jane@acme.com", List.of(profile("p", "2026-05-31T00:00:00Z")), was(Stage.RECYCLED), NOW);
        assertThat(back.total()).isEqualTo(60);
        assertThat(back.stage()).isEqualTo(Stage.MQL);
        assertThat(back.transition().from()).isEqualTo(Stage.RECYCLED);
    }

    @Test
    void sqlIsNotTakenBackByDecayButDisqualificationWins() {
        Qualification q = score("jane@acme.com", List.of(), was(Stage.SQL), NOW);
        assertThat(q.stage()).isEqualTo(Stage.SQL);
        assertThat(q.transition()).isNull();
        Qualification dq = score("jane@acme.com", List.of(ev("x", EventTypes.DISQUALIFIED, "2026-05-01T00:00:00Z",
                "reason", "no budget")), was(Stage.SQL), NOW);
        assertThat(dq.stage()).isEqualTo(Stage.DISQUALIFIED);
        assertThat(dq.transition().reason()).isEqualTo("disqualifier 'sales-disqualified': sales marked the lead as not a prospect");
        assertThat(contribution(dq, "sales-disqualified").kind()).isEqualTo(ContributionKind.DISQUALIFIER);
    }

    @Test
    void sqlByTotalThreshold() {
        List<LeadEvent> evs = new ArrayList<>(List.of(profile("p", "2026-05-31T00:00:00Z")));
        evs.add(form("t", "trial_signup", "2026-06-01T00:00:00Z"));
        evs.add(form("q", "pricing_inquiry", "2026-06-01T00:00:00Z"));
        evs.add(ev("a", EventTypes.WEBINAR_ATTENDED, "2026-06-01T00:00:00Z", "minutes", "50"));
        evs.add(ev("k1", EventTypes.WEBINAR_QUESTION_ASKED, "2026-06-01T00:00:00Z"));
        evs.add(ev("k2", EventTypes.WEBINAR_QUESTION_ASKED, "2026-06-01T00:01:00Z"));
        Qualification q = score(evs);
        assertThat(q.total()).isEqualTo(55 + 5 + 30 + 25 + 25 + 20);
        assertThat(q.stage()).isEqualTo(Stage.SQL);
        assertThat(q.transition().reason()).isEqualTo("total 160 >= SQL threshold 150");
    }

    @Test
    void disqualifiedLeadReturnsWhenNoDisqualifierMatches() {
        Qualification q = score("jane@acme.com", List.of(), was(Stage.DISQUALIFIED), NOW);
        assertThat(q.stage()).isEqualTo(Stage.LEAD);
        assertThat(q.transition().reason()).isEqualTo("no disqualifier matches any more");
        Qualification comp = score("bob@leadrival.com", List.of(), null, NOW);
        assertThat(comp.stage()).isEqualTo(Stage.DISQUALIFIED);
        assertThat(contribution(comp, "competitor-domain").reason())
                .isEqualTo("Competitor: works for a competitor (emailDomainClass 'COMPETITOR')");
    }

    @Test
    void stageHistoryKeepsTheLastTen() {
        List<StageChange> h = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            h.add(new StageChange(Stage.LEAD, Stage.DISQUALIFIED, "#" + i, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)));
        }
        Qualification q = score("jane@acme.com", List.of(), new StageStatus(Stage.DISQUALIFIED, h), NOW);
        assertThat(q.stageHistory()).hasSize(10);
        assertThat(q.stageHistory().get(0).reason()).isEqualTo("#1");
        assertThat(q.stageHistory().get(9)).isEqualTo(q.transition());
    }

    @Test
    void sameOutcomeIgnoresOnlyScoredAtAndTransitionDate() {
        List<LeadEvent> evs = List.of(profile("p", EXEC), form("d", "demo_request", "2026-05-01T00:00:00Z"));
        Qualification a = score("jane@acme.com", evs, null, Instant.parse("2026-05-01T10:00:00Z"));
        Qualification b = score("jane@acme.com", evs, null, Instant.parse("2026-05-01T23:59:59Z"));
        Qualification c = score("jane@acme.com", evs, null, Instant.parse("2026-05-02T00:00:00Z"));
        assertThat(a).isNotEqualTo(b);
        assertThat(a.sameOutcomeAs(b)).isTrue();
        assertThat(a.sameOutcomeAs(c)).isFalse();
        assertThat(a.sameOutcomeAs(null)).isFalse();
        Qualification other = score("john@acme.com", evs, null, Instant.parse("2026-05-01T10:00:00Z"));
        assertThat(a.sameOutcomeAs(other)).isFalse();
    }
}
