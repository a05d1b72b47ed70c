package com.leadqual.scoring;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The scorer's own sort puts events in the order of {@link LeadScorer#CHRONOLOGICAL}. */
class ChronologicalSortTest {
    @Property(tries = 1000)
    void sortsAsTheComparatorDoes(@ForAll("events") List<LeadEvent> events) {
        LeadEvent[] mine = events.toArray(new LeadEvent[events.size() + 3]);
        LeadScorer.sortChronologically(mine, events.size());
        LeadEvent[] expected = events.toArray(new LeadEvent[0]);
        Arrays.sort(expected, LeadScorer.CHRONOLOGICAL);
        assertThat(Arrays.copyOf(mine, events.size())).containsExactly(expected);
    }

    /**
     * Distinct ids; instants colliding often, some at millisecond or microsecond precision over years, sometimes
     * already in order, sometimes too far apart to pack.
     */
    @Provide
    Arbitrary<List<LeadEvent>> events() {
        Arbitrary<Instant> near = Arbitraries.longs().between(0, 120).map(x -> Instant.ofEpochSecond(1_780_000_000L
                + x / 3, x % 3 * 250)); // nanoseconds apart within a second
        // at millisecond and microsecond precision, over spans of years
        Arbitrary<Instant> coarse = Arbitraries.longs().between(0, 3 * 366 * 86_400_000L)
                .flatMap(ms -> Arbitraries.of(1, 1_000, 1_000_000).map(unit -> Instant.ofEpochMilli(1_700_000_000_000L
                        + ms / unit * unit).plusNanos(unit == 1 ? 0 : 7_000L * (ms % 2))));
        Arbitrary<Instant> far = Arbitraries.of(Instant.MIN, Instant.MAX, Instant.parse("2400-01-01T00:00:00Z"),
                Instant.parse("1500-01-01T00:00:00Z"));
        Arbitrary<Instant> when = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(20, near), net.jqwik.api.Tuple.of(10, coarse),
                net.jqwik.api.Tuple.of(1, far));
        return when.list().ofMaxSize(80).flatMap(times -> Arbitraries.of(true, false).map(ordered -> {
            List<LeadEvent> out = new ArrayList<>();
            for (int i = 0; i < times.size(); i++) {
                out.add(new LeadEvent("e" + (i * 7919 % 101) + "-" + i, EventTypes.FORM_SUBMITTED, times.get(i),
                        Map.of()));
            }
            if (ordered) {
                out.sort(LeadScorer.CHRONOLOGICAL);
            }
            return out;
        }));
    }
}
