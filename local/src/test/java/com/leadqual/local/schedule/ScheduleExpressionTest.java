package com.leadqual.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleExpressionTest {
    private static final Instant MONDAY_NOON = Instant.parse("2026-03-02T12:00:00Z");

    private static Instant next(String expression, String after) {
        return ScheduleExpression.parse(expression).nextAfter(Instant.parse(after));
    }

    @Test
    void aRateTicksEveryPeriodFromItsStart() {
        ScheduleExpression.Rate rate = ((ScheduleExpression.Rate) ScheduleExpression.parse("rate(15 minutes)"))
                .from(MONDAY_NOON);

        assertThat(rate.period()).isEqualTo(Duration.ofMinutes(15));
        assertThat(rate.nextAfter(MONDAY_NOON)).isEqualTo("2026-03-02T12:15:00Z");
        assertThat(rate.nextAfter(Instant.parse("2026-03-02T12:14:59Z"))).isEqualTo("2026-03-02T12:15:00Z");
        assertThat(rate.nextAfter(Instant.parse("2026-03-02T12:15:00Z"))).isEqualTo("2026-03-02T12:30:00Z");
        assertThat(ScheduleExpression.parse("rate(1 day)").nextAfter(MONDAY_NOON)).isEqualTo("2026-03-03T12:00:00Z");
        assertThat(ScheduleExpression.parse("rate(2 hours)").nextAfter(MONDAY_NOON)).isEqualTo("2026-03-02T14:00:00Z");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "rate(1 minutes)     | singular unit for 1",
            "rate(5 minute)      | plural unit",
            "rate(0 minutes)     | positive whole number",
            "rate(5 weeks)       | not minute(s), hour(s) or day(s)",
            "rate(five minutes)  | a rate is rate(",
            "every 5 minutes     | neither rate",
    })
    void ratesEventBridgeRefusesAreRefusedWithTheReason(String expression, String reason) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // every 15 minutes; the minute after is the earliest candidate
            "cron(0/15 * * * ? *)          | 2026-03-02T12:00:00Z | 2026-03-02T12:15:00Z",
            "cron(0/15 * * * ? *)          | 2026-03-02T12:07:30Z | 2026-03-02T12:15:00Z",
            // 10:00 UTC on weekdays (2 = MON ... 6 = FRI); Friday evening rolls to Monday
            "cron(0 10 ? * MON-FRI *)      | 2026-03-06T18:00:00Z | 2026-03-09T10:00:00Z",
            "cron(0 10 ? * 2-6 *)          | 2026-03-06T18:00:00Z | 2026-03-09T10:00:00Z",
            // day-of-week 1 is Sunday
            "cron(30 8 ? * 1 *)            | 2026-03-02T12:00:00Z | 2026-03-08T08:30:00Z",
            // first day of every month at midnight
            "cron(0 0 1 * ? *)             | 2026-03-02T12:00:00Z | 2026-04-01T00:00:00Z",
            // lists and ranges of hours
            "cron(0 8,12-13 * * ? *)       | 2026-03-02T12:00:00Z | 2026-03-02T13:00:00Z",
            // last day of the month, February of a common year
            "cron(0 18 L * ? *)            | 2026-02-10T00:00:00Z | 2026-02-28T18:00:00Z",
            // last weekday of the month: 2026-05-31 is a Sunday, so Friday the 29th
            "cron(0 9 LW * ? *)            | 2026-05-01T00:00:00Z | 2026-05-29T09:00:00Z",
            // weekday nearest the 1st: 2026-08-01 is a Saturday, so Monday the 3rd (not July)
            "cron(0 9 1W * ? *)            | 2026-07-15T00:00:00Z | 2026-08-03T09:00:00Z",
            // weekday nearest the 15th: 2026-03-15 is a Sunday, so Monday the 16th
            "cron(0 9 15W * ? *)           | 2026-03-02T00:00:00Z | 2026-03-16T09:00:00Z",
            // second Tuesday of the month
            "cron(0 17 ? * 3#2 *)          | 2026-03-02T00:00:00Z | 2026-03-10T17:00:00Z",
            // last Friday of the month
            "cron(0 17 ? * 6L *)           | 2026-03-02T00:00:00Z | 2026-03-27T17:00:00Z",
            // month names and a year list; Feb 29 exists in 2028
            "cron(0 0 29 FEB ? 2027,2028)  | 2026-03-02T00:00:00Z | 2028-02-29T00:00:00Z",
            // Saturdays via L alone in day-of-week
            "cron(0 6 ? * L *)             | 2026-03-02T00:00:00Z | 2026-03-07T06:00:00Z",
    })
    void cronFindsTheNextMatchingMinuteInUtc(String expression, String after, String expected) {
        assertThat(next(expression, after)).isEqualTo(expected);
    }

    @Test
    void aCronWhoseYearsArePastNeverFiresAgain() {
        assertThat(next("cron(0 0 1 1 ? 2020)", "2026-03-02T00:00:00Z")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "cron(0 10 * * MON *)",      // both day fields set
            "cron(0 10 ? * ? *)",        // neither
            "cron(0 10 * * ?)",          // five fields (Unix cron)
            "cron(60 10 * * ? *)",       // minute out of range
            "cron(0 24 * * ? *)",        // hour out of range
            "cron(0 10 ? * 8 *)",        // day-of-week out of range
            "cron(0 10 ? * FOO *)",      // unknown name
            "cron(0 22-2 * * ? *)",      // wrap-around range
            "cron(0 10 L-3 * ? *)",      // offset from the last day
            "cron(0 10 ? * 2L,3L *)",    // L inside a list
            "cron(0 10 ? * 2#6 *)",      // there is no sixth Monday
            "cron(0 10 1,,2 * ? *)",     // empty list item
    })
    void cronsItCannotRunAreRefusedNamingTheField(String expression) {
        assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("schedule '" + expression + "'");
    }

    @Test
    void theTemplatesSchedulesParse() {
        assertThat(ScheduleExpression.parse("rate(15 minutes)").text()).isEqualTo("rate(15 minutes)");
        assertThat(ScheduleExpression.parse(" cron(0 3 * * ? *) ").text()).isEqualTo("cron(0 3 * * ? *)");
    }
}
