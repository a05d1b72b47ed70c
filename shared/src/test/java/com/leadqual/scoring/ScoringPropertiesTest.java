package com.leadqual.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's promises (issue 2) over generated leads: realistic event mixes (forms with and without profile
 * fields, webinar signals with minutes, opt-outs, sales disqualification, unknown types), time spreads from
 * minutes to months, colliding ids, a previous stage, and besides the default rules variants of them with other
 * points, caps, windows and decay (so partial grants under a cap occur too).
 */
class ScoringPropertiesTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final long DAY = 86_400L;
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNode DEFAULT_TREE = readDefaultTree();
    static final Ruleset DEFAULTS = Ruleset.defaults();
    static final String DEFAULT_JSON = DEFAULT_TREE.toString();
    static final Map<String, String> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    /** One generated scoring input. */
    record Case(String email, List<LeadEvent> events, StageStatus previous, Instant now, Ruleset rules) {
        Qualification score() {
            return score(events, now);
        }

        Qualification score(List<LeadEvent> evs, Instant at) {
            return LeadScorer.score(new LeadHistory(email, evs, previous), rules, at);
        }

        @Override
        public String toString() {
            return "Case[" + email + ", now " + now + ", previous " + (previous == null ? null : previous.stage())
                    + ", rules " + rules.version() + ", " + events.size() + " events " + events + "]";
        }
    }

    // ---------------------------------------------------------------- properties

    @Property(tries = 1000)
    void theOrderOfEventsDoesNotMatter(@ForAll("cases") Case c, @ForAll Random random) {
        List<LeadEvent> shuffled = new ArrayList<>(c.events());
        Collections.shuffle(shuffled, random);
        assertThat(c.score(shuffled, c.now())).isEqualTo(c.score());
    }

    @Property(tries = 1000)
    void aDuplicateEventCountsOnce(@ForAll("cases") Case c, @ForAll Random random) {
        List<LeadEvent> withCopies = new ArrayList<>(c.events());
        for (LeadEvent e : c.events()) {
            int copies = random.nextInt(3);
            for (int k = 0; k < copies; k++) {
                // an equal event, not the same object: what a redelivery looks like after storage
                withCopies.add(new LeadEvent(e.id(), e.type(), e.occurredAt(), new HashMap<>(e.data())));
            }
        }
        Collections.shuffle(withCopies, random);
        assertThat(c.score(withCopies, c.now())).isEqualTo(c.score());
    }

    @Property(tries = 1000)
    void noRollingWindowEverHoldsMoreThanTheCap(@ForAll("cases") Case c) {
        List<EventPoints> pts = LeadScorer.explain(new LeadHistory(c.email(), c.events(), c.previous()), c.rules(),
                c.now());
        for (Ruleset.EngagementRule r : c.rules().engagement) {
            List<EventPoints> mine = pts.stream().filter(p -> p.ruleId().equals(r.id)).toList();
            for (EventPoints p : mine) {
                assertThat(Integer.signum(p.earned()) * r.points).as("sign of %s", p).isGreaterThanOrEqualTo(0);
                assertThat(Math.abs(p.earned())).as("%s", p).isLessThanOrEqualTo(Math.abs(r.points));
            }
            if (r.capPoints == 0) {
                continue;
            }
            // the fullest window of length W starts at one of the events; a capped event's window is full
            // (newest first, it got what was left), so the cap is not met by granting nothing
            for (EventPoints a : mine) {
                int sum = 0;
                for (EventPoints b : mine) {
                    if (!b.occurredAt().isBefore(a.occurredAt()) && (r.capWindowSeconds == 0
                            || b.occurredAt().isBefore(a.occurredAt().plusSeconds(r.capWindowSeconds)))) {
                        sum += Math.abs(b.earned());
                    }
                }
                assertThat(sum).as("rule %s, window from %s", r.id, a.occurredAt()).isLessThanOrEqualTo(r.capPoints);
                if (Math.abs(a.earned()) < Math.abs(r.points)) {
                    assertThat(sum).as("capped %s of rule %s", a, r.id).isEqualTo(r.capPoints);
                }
            }
        }
    }

    @Property(tries = 1000)
    void aPositiveEventNeverLowersTheScoreAtTheSameInstant(@ForAll("cases") Case c,
            @ForAll("positiveEvents") LeadEvent added) {
        List<LeadEvent> more = new ArrayList<>(c.events());
        more.add(added);
        Qualification before = c.score();
        Qualification after = c.score(more, c.now());
        assertThat(after.engagement()).isGreaterThanOrEqualTo(before.engagement());
        assertThat(after.fit()).isEqualTo(before.fit());
        assertThat(after.total()).isGreaterThanOrEqualTo(before.total());
    }

    @Property(tries = 1000)
    void decayNeverRaisesTheScore(@ForAll("pastCases") Case c, @ForAll("laters") Duration later) {
        Qualification now = c.score();
        Qualification then = c.score(c.events(), c.now().plus(later));
        assertThat(then.engagement()).isLessThanOrEqualTo(now.engagement());
        assertThat(then.total()).isLessThanOrEqualTo(now.total());
        assertThat(then.fit()).isEqualTo(now.fit());
    }

    @Property(tries = 1000)
    void nextChangeAtIsExact(@ForAll("cases") Case c, @ForAll Random random) {
        Qualification q = c.score();
        Instant next = q.nextChangeAt();
        if (next == null) {
            Qualification far = c.score(c.events(), c.now().plus(Duration.ofDays(3650)));
            assertThat(far.sameOutcomeAs(q)).as("nothing changes without a next change").isTrue();
            return;
        }
        assertThat(next).isAfter(c.now());
        List<Instant> before = new ArrayList<>(List.of(next.minusMillis(1), next.minusSeconds(1), next.minusNanos(1)));
        long span = Duration.between(c.now(), next).toMillis();
        for (int k = 0; k < 3 && span > 1; k++) {
            before.add(c.now().plusMillis(1 + (long) (random.nextDouble() * (span - 1))));
        }
        for (Instant t : before) {
            if (t.isAfter(c.now())) {
                assertThat(c.score(c.events(), t).sameOutcomeAs(q)).as("unchanged at %s (next %s)", t, next).isTrue();
            }
        }
        Qualification atNext = c.score(c.events(), next);
        assertThat(sameIgnoringNextChange(atNext, q)).as("changed at %s", next).isFalse();
    }

    @Property(tries = 200)
    void scoringIsDeterministic(@ForAll("cases") Case c) {
        Ruleset again = Ruleset.parse(rulesJson(c.rules()));
        List<LeadEvent> copy = new ArrayList<>();
        for (LeadEvent e : c.events()) {
            copy.add(new LeadEvent(e.id(), e.type(), e.occurredAt(), new LinkedHashMap<>(e.data())));
        }
        Qualification q = c.score();
        assertThat(c.score()).isEqualTo(q);
        assertThat(LeadScorer.score(new LeadHistory(c.email(), copy, c.previous()), again, c.now())).isEqualTo(q);
    }

    /** Equal outcomes when nextChangeAt is set aside (at the change itself, the next one lies further ahead). */
    static boolean sameIgnoringNextChange(Qualification a, Qualification b) {
        Qualification b2 = new Qualification(b.email(), b.fit(), b.engagement(), b.total(), b.grade(), b.stage(),
                b.transition(), b.stageHistory(), b.contributions(), b.profile(), b.rulesVersion(), b.scoredAt(),
                a.nextChangeAt());
        return a.sameOutcomeAs(b2);
    }

    // ---------------------------------------------------------------- generators

    /** Events anywhere around the scoring instant (future ones included), any previous stage. */
    @Provide
    Arbitrary<Case> cases() {
        return spreads().flatMap(spread -> Combinators.combine(emails(), events(spread).list().ofMaxSize(40),
                previousStages(), Arbitraries.longs().between(0, spread + spread / 5), rulesets())
                .as((email, evs, prev, at, rules) -> new Case(email, evs, prev, T0.plusSeconds(at), rules)));
    }

    /** Every event at or before the scoring instant. */
    @Provide
    Arbitrary<Case> pastCases() {
        return spreads().flatMap(spread -> Combinators.combine(emails(), events(spread).list().ofMaxSize(40),
                previousStages(), Arbitraries.longs().between(0, spread), rulesets())
                .as((email, evs, prev, extra, rules) -> new Case(email, evs, prev,
                        T0.plusSeconds(spread).plusSeconds(extra), rules)));
    }

    @Provide
    Arbitrary<Duration> laters() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.longs().between(1, 3_600).map(Duration::ofSeconds)),
                Tuple.of(3, Arbitraries.longs().between(1, 90 * DAY).map(Duration::ofSeconds)),
                Tuple.of(1, Arbitraries.longs().between(1, 3 * 365 * DAY).map(Duration::ofSeconds)));
    }

    /**
     * An event that only ever adds points under the default rules and their variants: a scored form without
     * profile fields or consent, a registration, an attendance of a webinar the lead has no join/leave signals
     * for (a reported attendance replaces those, it does not add to them), a question.
     */
    @Provide
    Arbitrary<LeadEvent> positiveEvents() {
        Arbitrary<Instant> at = Arbitraries.longs().between(0, 240 * DAY).map(T0::plusSeconds);
        Arbitrary<LeadEvent> form = Combinators.combine(Arbitraries.of(EventFields.FormTypes.ALL), at)
                .as((ft, t) -> new LeadEvent("added", EventTypes.FORM_SUBMITTED, t,
                        Map.of(EventFields.FORM_TYPE, ft)));
        Arbitrary<LeadEvent> attended = Combinators.combine(Arbitraries.integers().between(0, 120), at)
                .as((m, t) -> new LeadEvent("added", EventTypes.WEBINAR_ATTENDED, t,
                        Map.of(EventFields.WEBINAR_ID, "w-added", EventFields.MINUTES, Integer.toString(m))));
        Arbitrary<LeadEvent> other = Combinators.combine(Arbitraries.of(EventTypes.WEBINAR_REGISTERED,
                EventTypes.WEBINAR_QUESTION_ASKED), at).as((type, t) -> new LeadEvent("added", type, t,
                Map.of(EventFields.WEBINAR_ID, "w1")));
        return Arbitraries.oneOf(form, attended, other);
    }

    /** How far apart a lead's events lie: within an hour, a fortnight, half a year. */
    static Arbitrary<Long> spreads() {
        return Arbitraries.of(3_600L, 14 * DAY, 180 * DAY);
    }

    static Arbitrary<String> emails() {
        return Arbitraries.of("jane@acme.com", " Jane.Doe@Globex.COM ", "kid@gmail.com", "spam@mailinator.com",
                "spy@leadrival.com", "ops@sub.initech.io");
    }

    static Arbitrary<StageStatus> previousStages() {
        Arbitrary<StageStatus> some = Arbitraries.of(Stage.values()).map(s -> new StageStatus(s,
                s == Stage.LEAD ? List.of() : List.of(new StageChange(Stage.LEAD, s, "earlier", T0.minusSeconds(DAY)))));
        return some.injectNull(0.3);
    }

    static Arbitrary<LeadEvent> events(long spread) {
        Arbitrary<String> id = Arbitraries.integers().between(0, 80).map(i -> "e" + i);
        Arbitrary<Instant> at = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.longs().between(0, spread).map(T0::plusSeconds)),
                // sub-second instants and exact-day offsets: where whole-day ages and window edges are decided
                Tuple.of(1, Arbitraries.longs().between(0, spread * 1000).map(T0::plusMillis)),
                Tuple.of(1, Arbitraries.longs().between(0, spread / DAY).map(d -> T0.plusSeconds(d * DAY))));
        Arbitrary<Map<String, String>> profile = Arbitraries.of(
                        Tuple.of(EventFields.JOB_TITLE, "CEO"), Tuple.of(EventFields.JOB_TITLE, "Director of IT"),
                        Tuple.of(EventFields.JOB_TITLE, "Engineering Manager"),
                        Tuple.of(EventFields.JOB_TITLE, "Software Engineer"),
                        Tuple.of(EventFields.JOB_TITLE, "Marketing Intern"), Tuple.of(EventFields.JOB_TITLE, " "),
                        Tuple.of(EventFields.COMPANY_SIZE, "5"), Tuple.of(EventFields.COMPANY_SIZE, "50"),
                        Tuple.of(EventFields.COMPANY_SIZE, "400"), Tuple.of(EventFields.COMPANY_SIZE, "12000"),
                        Tuple.of(EventFields.COMPANY_SIZE, "lots"), Tuple.of(EventFields.INDUSTRY, "Software"),
                        Tuple.of(EventFields.INDUSTRY, "banking"), Tuple.of(EventFields.INDUSTRY, "Retail"),
                        Tuple.of(EventFields.COUNTRY, "US"), Tuple.of(EventFields.COUNTRY, "DE"),
                        Tuple.of(EventFields.COUNTRY, "BR"), Tuple.of(EventFields.PHONE, "+1 415 555 0100"),
                        Tuple.of(EventFields.PHONE, "n/a"), Tuple.of(EventFields.COMPANY, "Acme"),
                        Tuple.of(EventFields.FIRST_NAME, "Jane"), Tuple.of(EventFields.CONSENT, "true"),
                        Tuple.of(EventFields.CONSENT, "false"))
                .list().ofMaxSize(5).map(kvs -> {
                    Map<String, String> m = new HashMap<>();
                    kvs.forEach(kv -> m.put(kv.get1(), kv.get2()));
                    return m;
                });
        Arbitrary<Map<String, String>> formData = Combinators.combine(Arbitraries.of(EventFields.FormTypes.ALL),
                Arbitraries.frequencyOf(Tuple.of(1, profile), Tuple.of(1, Arbitraries.just(Map.<String, String>of()))))
                .as((ft, p) -> {
                    Map<String, String> m = new HashMap<>(p);
                    m.put(EventFields.FORM_TYPE, ft);
                    return m;
                });
        Arbitrary<String> webinar = Arbitraries.of("w1", "w2", "w3");
        Arbitrary<Map<String, String>> attendance = Combinators.combine(webinar,
                        Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.integers().between(0, 120).map(String::valueOf)),
                                Tuple.of(1, Arbitraries.just("n/a"))))
                .as((w, m) -> Map.of(EventFields.WEBINAR_ID, w, EventFields.MINUTES, m));
        Arbitrary<Map<String, String>> inWebinar = webinar.map(w -> Map.of(EventFields.WEBINAR_ID, w));
        Arbitrary<Tuple.Tuple2<String, Map<String, String>>> kind = Arbitraries.frequencyOf(
                Tuple.of(10, formData.map(d -> Tuple.of(EventTypes.FORM_SUBMITTED, d))),
                Tuple.of(4, inWebinar.map(d -> Tuple.of(EventTypes.WEBINAR_REGISTERED, d))),
                Tuple.of(4, attendance.map(d -> Tuple.of(EventTypes.WEBINAR_ATTENDED, d))),
                Tuple.of(3, inWebinar.map(d -> Tuple.of(EventTypes.WEBINAR_JOINED, d))),
                Tuple.of(3, inWebinar.map(d -> Tuple.of(EventTypes.WEBINAR_LEFT, d))),
                Tuple.of(2, inWebinar.map(d -> Tuple.of(EventTypes.WEBINAR_NO_SHOW, d))),
                Tuple.of(3, inWebinar.map(d -> Tuple.of(EventTypes.WEBINAR_QUESTION_ASKED, d))),
                Tuple.of(1, Arbitraries.just(Tuple.of(EventTypes.UNSUBSCRIBED, Map.<String, String>of()))),
                Tuple.of(1, Arbitraries.just(Tuple.of(EventTypes.EMAIL_BOUNCED, Map.<String, String>of()))),
                Tuple.of(1, Arbitraries.just(Tuple.of(EventTypes.DISQUALIFIED, Map.of(EventFields.REASON, "no budget")))),
                Tuple.of(1, Arbitraries.just(Tuple.of("page_view", Map.of(EventFields.PAGE_URL, "/pricing")))));
        return Combinators.combine(id, kind, at).as((i, k, t) -> new LeadEvent(i, k.get1(), t, k.get2()));
    }

    /**
     * The default rules, or one of a fixed set of variants with other points, caps, windows and decay on four
     * rules (so partial grants under a cap occur): parsed once, as parsing is most of a try's cost.
     */
    static Arbitrary<Ruleset> rulesets() {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(DEFAULTS)), Tuple.of(1, Arbitraries.of(VARIANTS)));
    }

    static final List<Ruleset> VARIANTS = variants(48);

    static List<Ruleset> variants(int count) {
        Arbitrary<ObjectNode> variant = Combinators.combine(
                ruleVariant("content-download"), ruleVariant("webinar-question"), ruleVariant("webinar-registered"),
                ruleVariant("newsletter")).as((a, b, c, d) -> {
                    ObjectNode root = DEFAULT_TREE.deepCopy();
                    for (JsonNode r : root.get("engagement")) {
                        ObjectNode o = (ObjectNode) r;
                        for (ObjectNode v : List.of(a, b, c, d)) {
                            if (o.get("id").asText().equals(v.get("id").asText())) {
                                o.setAll(v);
                                if (!v.has("cap")) {
                                    o.remove("cap");
                                }
                            }
                        }
                    }
                    return root;
                });
        List<Ruleset> out = new ArrayList<>();
        variant.sampleStream().limit(count).forEach(n -> {
            Ruleset rules = Ruleset.parse(n.toString());
            PARSED.put(rules.version(), n.toString());
            out.add(rules);
        });
        return out;
    }

    static Arbitrary<ObjectNode> ruleVariant(String id) {
        Arbitrary<ObjectNode> decay = Arbitraries.oneOf(
                Arbitraries.of(1.0, 7.0, 30.0, 45.5, 90.0).map(h -> JSON.createObjectNode().put("halfLifeDays", h)),
                Arbitraries.of(1, 7, 90, 180).map(d -> JSON.createObjectNode().put("expireAfterDays", d)));
        Arbitrary<ObjectNode> cap = Combinators.combine(Arbitraries.integers().between(1, 60),
                        Arbitraries.of(0, 1, 7, 30, 45))
                .as((p, w) -> {
                    ObjectNode c = JSON.createObjectNode().put("points", p);
                    return w == 0 ? c : c.put("windowDays", w);
                }).injectNull(0.2);
        return Combinators.combine(Arbitraries.integers().between(1, 40), cap, decay).as((p, c, d) -> {
            ObjectNode o = JSON.createObjectNode().put("id", id).put("points", p);
            if (c != null) {
                o.set("cap", c);
            }
            o.set("decay", d);
            return o;
        });
    }

    /** The JSON a generated ruleset was parsed from, by its version. */
    static String rulesJson(Ruleset rules) {
        String json = PARSED.get(rules.version());
        return json != null ? json : DEFAULT_JSON;
    }


    static JsonNode readDefaultTree() {
        try (InputStream in = Ruleset.class.getResourceAsStream(Ruleset.DEFAULT_RESOURCE)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
