package com.leadqual.local.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * An EventBridge cron expression, {@code cron(minutes hours day-of-month month day-of-week year)}, in UTC.
 * Day-of-week counts 1 = SUN to 7 = SAT, as EventBridge does. Supported: {@code , - * /} in every field, names
 * (JAN-DEC, SUN-SAT), {@code ?} in one of the two day fields, {@code L} and {@code LW} and {@code nW} in
 * day-of-month, {@code L}, {@code nL} and {@code n#k} in day-of-week. Like EventBridge, exactly one of the two day
 * fields must be {@code ?}.
 */
public final class CronExpression implements ScheduleExpression {
    private static final int FIRST_YEAR = 1970;
    private static final int LAST_YEAR = 2199;
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final DayRule dayOfMonth;
    private final BitSet months;
    private final DayRule dayOfWeek;
    private final BitSet years;

    /** Whether a date matches one day field; {@code ANY} stands for {@code ?}. */
    private interface DayRule {
        DayRule ANY = date -> true;

        boolean matches(LocalDate date);
    }

    private CronExpression(String text, BitSet minutes, BitSet hours, DayRule dayOfMonth, BitSet months,
            DayRule dayOfWeek, BitSet years) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.dayOfMonth = dayOfMonth;
        this.months = months;
        this.dayOfWeek = dayOfWeek;
        this.years = years;
    }

    static CronExpression parse(String text) {
        String inner = text.substring("cron(".length(), text.length() - 1).trim();
        String[] f = inner.split("\\s+");
        if (f.length != 6) {
            throw error(text, "has " + f.length + " field(s); EventBridge cron takes six: minutes hours day-of-month"
                    + " month day-of-week year");
        }
        boolean domAny = f[2].equals("?");
        boolean dowAny = f[4].equals("?");
        if (domAny == dowAny) {
            throw error(text, "exactly one of day-of-month and day-of-week must be '?' (got '" + f[2] + "' and '"
                    + f[4] + "')");
        }
        return new CronExpression(text,
                values(text, "minutes", f[0], 0, 59, null),
                values(text, "hours", f[1], 0, 23, null),
                domAny ? DayRule.ANY : dayOfMonth(text, f[2]),
                values(text, "month", f[3], 1, 12, MONTHS),
                dowAny ? DayRule.ANY : dayOfWeek(text, f[4]),
                values(text, "year", f[5], FIRST_YEAR, LAST_YEAR, null));
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public Instant nextAfter(Instant after) {
        LocalDateTime from = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        LocalDate day = from.toLocalDate();
        while (day.getYear() <= LAST_YEAR) {
            if (!years.get(day.getYear())) {
                day = LocalDate.of(day.getYear() + 1, 1, 1);
                continue;
            }
            if (!months.get(day.getMonthValue())) {
                day = day.withDayOfMonth(1).plusMonths(1);
                continue;
            }
            if (dayOfMonth.matches(day) && dayOfWeek.matches(day)) {
                boolean firstDay = day.equals(from.toLocalDate());
                for (int h = hours.nextSetBit(firstDay ? from.getHour() : 0); h >= 0; h = hours.nextSetBit(h + 1)) {
                    int fromMinute = firstDay && h == from.getHour() ? from.getMinute() : 0;
                    int m = minutes.nextSetBit(fromMinute);
                    if (m >= 0) {
                        return day.atTime(h, m).toInstant(ZoneOffset.UTC);
                    }
                }
            }
            day = day.plusDays(1);
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }

    private static DayRule dayOfMonth(String text, String field) {
        if (field.equals("L")) {
            return date -> date.getDayOfMonth() == date.lengthOfMonth();
        }
        if (field.equals("LW")) {
            return date -> date.equals(nearestWeekday(date.withDayOfMonth(date.lengthOfMonth())));
        }
        if (field.endsWith("W")) {
            int n = number(text, "day-of-month", field.substring(0, field.length() - 1), 1, 31, null);
            return date -> n <= date.lengthOfMonth() && date.equals(nearestWeekday(date.withDayOfMonth(n)));
        }
        if (field.contains("L") || field.contains("W") || field.contains("#")) {
            throw error(text, "day-of-month '" + field + "' is not supported locally (supported: values, ranges,"
                    + " steps, lists, L, LW, nW)");
        }
        BitSet days = values(text, "day-of-month", field, 1, 31, null);
        return date -> days.get(date.getDayOfMonth());
    }

    /** Quartz and EventBridge semantics: the weekday nearest the date within its month. */
    private static LocalDate nearestWeekday(LocalDate date) {
        return switch (date.getDayOfWeek()) {
            case SATURDAY -> date.getDayOfMonth() == 1 ? date.plusDays(2) : date.minusDays(1);
            case SUNDAY -> date.getDayOfMonth() == date.lengthOfMonth() ? date.minusDays(2) : date.plusDays(1);
            default -> date;
        };
    }

    private static DayRule dayOfWeek(String text, String field) {
        if (field.equals("L")) {
            return date -> eventBridgeDay(date) == 7;
        }
        if (field.endsWith("L")) {
            int day = number(text, "day-of-week", field.substring(0, field.length() - 1), 1, 7, DAYS);
            return date -> eventBridgeDay(date) == day && date.getDayOfMonth() + 7 > date.lengthOfMonth();
        }
        int hash = field.indexOf('#');
        if (hash >= 0) {
            int day = number(text, "day-of-week", field.substring(0, hash), 1, 7, DAYS);
            int nth = number(text, "day-of-week", field.substring(hash + 1), 1, 5, null);
            return date -> eventBridgeDay(date) == day && (date.getDayOfMonth() - 1) / 7 + 1 == nth;
        }
        // No day name contains an L, so one here is L inside a list or range, which EventBridge does not take.
        if (field.toUpperCase(Locale.ROOT).contains("L")) {
            throw error(text, "day-of-week '" + field + "' is not supported locally (supported: values, ranges,"
                    + " steps, lists, L, nL, n#k)");
        }
        BitSet days = values(text, "day-of-week", field, 1, 7, DAYS);
        return date -> days.get(eventBridgeDay(date));
    }

    /** 1 = Sunday ... 7 = Saturday. */
    private static int eventBridgeDay(LocalDate date) {
        return date.getDayOfWeek().getValue() % 7 + 1;
    }

    /** A field of values, ranges ({@code a-b}), steps ({@code *}/n, a/n, a-b/n) and lists of those. */
    private static BitSet values(String text, String name, String field, int min, int max, List<String> names) {
        BitSet set = new BitSet(max + 1);
        for (String item : field.split(",", -1)) {
            if (item.isEmpty()) {
                throw error(text, name + " '" + field + "' has an empty list item");
            }
            int step = 1;
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(text, name, item.substring(slash + 1), 1, max, null);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", -1);
                if (ends.length != 2) {
                    throw error(text, name + " '" + item + "' is not a range a-b");
                }
                from = number(text, name, ends[0], min, max, names);
                to = number(text, name, ends[1], min, max, names);
                if (from > to) {
                    throw error(text, name + " range '" + item + "' runs backwards; wrap-around ranges are not"
                            + " supported locally, use a list (e.g. 22-23,0-2)");
                }
            } else {
                from = number(text, name, range, min, max, names);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int number(String text, String name, String token, int min, int max, List<String> names) {
        if (names != null) {
            int index = names.indexOf(token.toUpperCase(Locale.ROOT));
            if (index >= 0) {
                return index + 1;
            }
        }
        int value;
        try {
            value = Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw error(text, name + " '" + token + "' is not a number" + (names == null ? ""
                    : " or one of " + String.join(",", names)) + " (allowed: " + min + "-" + max + ")");
        }
        if (value < min || value > max) {
            throw error(text, name + " " + value + " is outside " + min + "-" + max);
        }
        return value;
    }

    private static IllegalArgumentException error(String text, String problem) {
        return new IllegalArgumentException("schedule '" + text + "': " + problem);
    }
}
