package com.leadqual.local.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge schedule expression: {@code rate(value unit)} or {@code cron(six fields)}, in UTC.
 * Why our own parser: the runner must tick exactly the schedules template.yaml declares, and refuse (with the
 * field named) an expression EventBridge would refuse, instead of silently never firing.
 */
public sealed interface ScheduleExpression permits ScheduleExpression.Rate, CronExpression {

    /** The first instant strictly after {@code after} at which the schedule fires; null if it never fires again. */
    Instant nextAfter(Instant after);

    /** The expression as written in the template. */
    String text();

    /**
     * Parses {@code rate(...)} or {@code cron(...)}.
     *
     * @throws IllegalArgumentException naming what is wrong and what EventBridge accepts
     */
    static ScheduleExpression parse(String expression) {
        String text = expression == null ? "" : expression.trim();
        if (text.startsWith("rate(") && text.endsWith(")")) {
            return Rate.parse(text);
        }
        if (text.startsWith("cron(") && text.endsWith(")")) {
            return CronExpression.parse(text);
        }
        throw new IllegalArgumentException("schedule '" + expression
                + "' is neither rate(value unit) nor cron(minutes hours day-of-month month day-of-week year)");
    }

    /**
     * {@code rate(5 minutes)}: every period from the moment the schedule was created (here: when the runner
     * started), as EventBridge counts it from the rule's creation.
     */
    record Rate(String text, Duration period, Instant anchor) implements ScheduleExpression {
        private static final Pattern RATE = Pattern.compile("rate\\(\\s*(\\d+)\\s+([a-zA-Z]+)\\s*\\)");

        static Rate parse(String text) {
            Matcher m = RATE.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("schedule '" + text
                        + "': a rate is rate(<positive whole number> minute|minutes|hour|hours|day|days)");
            }
            long value;
            try {
                value = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                value = -1;
            }
            if (value <= 0 || value > 1_000_000) {
                throw new IllegalArgumentException("schedule '" + text + "': the value must be a positive whole number");
            }
            String unit = m.group(2).toLowerCase(Locale.ROOT);
            Duration one = switch (unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit) {
                case "minute" -> Duration.ofMinutes(1);
                case "hour" -> Duration.ofHours(1);
                case "day" -> Duration.ofDays(1);
                default -> throw new IllegalArgumentException("schedule '" + text + "': unit '" + m.group(2)
                        + "' is not minute(s), hour(s) or day(s)");
            };
            // EventBridge insists on the singular for 1 and the plural otherwise.
            boolean plural = unit.endsWith("s");
            if (value == 1 && plural || value != 1 && !plural) {
                throw new IllegalArgumentException("schedule '" + text + "': EventBridge requires "
                        + (value == 1 ? "the singular unit for 1 (rate(1 " + unit.substring(0, unit.length() - 1) + "))"
                        : "a plural unit for values other than 1 (rate(" + value + " " + unit + "s))"));
            }
            return new Rate(text, one.multipliedBy(value), null);
        }

        /** The same rate, counted from {@code start}. */
        public Rate from(Instant start) {
            return new Rate(text, period, start);
        }

        @Override
        public Instant nextAfter(Instant after) {
            Instant start = anchor == null ? after : anchor;
            if (after.isBefore(start)) {
                return start.plus(period);
            }
            long periods = Duration.between(start, after).toMillis() / period.toMillis() + 1;
            return start.plus(period.multipliedBy(periods));
        }
    }
}
