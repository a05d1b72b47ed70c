package com.leadqual.bench;

import com.leadqual.scoring.Contribution;
import com.leadqual.scoring.EventTypes;
import com.leadqual.scoring.LeadEvent;
import com.leadqual.scoring.LeadHistory;
import com.leadqual.scoring.LeadScorer;
import com.leadqual.scoring.Qualification;
import com.leadqual.scoring.Ruleset;
import com.leadqual.scoring.Stage;
import com.leadqual.scoring.StageStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The scoring core alone: one lead with 50 events over four months (forms, webinar registrations, attendance,
 * Zoom joins and leaves, questions, no-shows, a page view no rule knows), scored with the default rules. Target
 * (issue 2): >= 200,000 scorings per second on one core; {@code scoreAndWriteEveryReason} adds the cost of
 * spelling out every reason. See BENCHMARKS.md, section 4.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScoringBenchmark {
    static final Instant START = Instant.parse("2026-02-01T09:00:00Z");
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    Ruleset rules;
    LeadHistory history;

    @Setup
    public void setUp() {
        rules = Ruleset.defaults();
        List<LeadEvent> events = fiftyEvents();
        // stored events come back in no particular order
        Collections.shuffle(events, new Random(7));
        history = new LeadHistory("Dana.Lee@Northwind.example.com", events, new StageStatus(Stage.LEAD,
                List.of()));
        Qualification q = LeadScorer.score(history, rules, NOW);
        if (events.size() != 50 || q.engagement() <= 0 || q.stage() != Stage.SQL || q.nextChangeAt() == null) {
            throw new IllegalStateException("not the lead this benchmark means to score: " + q);
        }
    }

    @Benchmark
    public void score(Blackhole bh) {
        bh.consume(LeadScorer.score(history, rules, NOW));
    }

    /** The same, with every contribution's reason written out (scoring writes them only when they are read). */
    @Benchmark
    public void scoreAndWriteEveryReason(Blackhole bh) {
        Qualification q = LeadScorer.score(history, rules, NOW);
        for (Contribution c : q.contributions()) {
            bh.consume(c.reason());
        }
        bh.consume(q);
    }

    /** 50 events between START and NOW, deterministic. */
    static List<LeadEvent> fiftyEvents() {
        List<LeadEvent> evs = new ArrayList<>();
        evs.add(new LeadEvent("form-0", EventTypes.FORM_SUBMITTED, START, Map.of("formType", "newsletter",
                "firstName", "Dana", "jobTitle", "Director of Marketing", "companySize", "450", "industry", "Software",
                "country", "US", "phone", "+1 206 555 0142", "consent", "true")));
        for (int i = 0; i < 12; i++) { // a download every 9 days
            evs.add(new LeadEvent("download-" + i, EventTypes.FORM_SUBMITTED, at(3 + 9 * i, 10 + i % 5),
                    Map.of("formType", "content_download", "pageUrl", "/resources/guide-" + i)));
        }
        for (int w = 0; w < 8; w++) { // a webinar every two weeks: registered, then attended, asked or missed
            String id = "webinar-" + w;
            int day = 5 + 14 * w;
            evs.add(new LeadEvent("reg-" + w, EventTypes.WEBINAR_REGISTERED, at(day, 14), Map.of("webinarId", id)));
            if (w < 4) {
                evs.add(new LeadEvent("att-" + w, EventTypes.WEBINAR_ATTENDED, at(day + 3, 17),
                        Map.of("webinarId", id, "minutes", Integer.toString(15 + 12 * w))));
                evs.add(new LeadEvent("q-" + w + "a", EventTypes.WEBINAR_QUESTION_ASKED, at(day + 3, 17).plusSeconds(600),
                        Map.of("webinarId", id)));
                evs.add(new LeadEvent("q-" + w + "b", EventTypes.WEBINAR_QUESTION_ASKED, at(day + 3, 17).plusSeconds(1500),
                        Map.of("webinarId", id)));
            } else if (w < 6) {
                evs.add(new LeadEvent("noshow-" + w, EventTypes.WEBINAR_NO_SHOW, at(day + 3, 18),
                        Map.of("webinarId", id)));
                evs.add(new LeadEvent("noshow-" + w + "-again", EventTypes.WEBINAR_NO_SHOW, at(day + 4, 18),
                        Map.of("webinarId", id + "-replay")));
            } else { // live on Zoom: two sessions each
                Instant join = at(day + 3, 16);
                evs.add(new LeadEvent("join-" + w + "a", EventTypes.WEBINAR_JOINED, join, Map.of("webinarId", id)));
                evs.add(new LeadEvent("left-" + w + "a", EventTypes.WEBINAR_LEFT, join.plus(Duration.ofMinutes(22)),
                        Map.of("webinarId", id)));
                evs.add(new LeadEvent("join-" + w + "b", EventTypes.WEBINAR_JOINED, join.plus(Duration.ofMinutes(25)),
                        Map.of("webinarId", id)));
                evs.add(new LeadEvent("left-" + w + "b", EventTypes.WEBINAR_LEFT, join.plus(Duration.ofMinutes(51)),
                        Map.of("webinarId", id)));
            }
        }
        evs.add(new LeadEvent("pricing-0", EventTypes.FORM_SUBMITTED, at(60, 11), Map.of("formType", "pricing_inquiry")));
        evs.add(new LeadEvent("pricing-1", EventTypes.FORM_SUBMITTED, at(101, 11), Map.of("formType", "pricing_inquiry",
                "jobTitle", "VP Marketing")));
        evs.add(new LeadEvent("trial-0", EventTypes.FORM_SUBMITTED, at(104, 9), Map.of("formType", "trial_signup",
                "companySize", "520")));
        evs.add(new LeadEvent("demo-0", EventTypes.FORM_SUBMITTED, at(116, 15), Map.of("formType", "demo_request")));
        evs.add(new LeadEvent("view-0", "page_view", at(45, 12), Map.of("pageUrl", "/pricing")));
        return evs;
    }

    static Instant at(int day, int hour) {
        return START.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour - 9));
    }
}
