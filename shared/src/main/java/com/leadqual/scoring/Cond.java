package com.leadqual.scoring;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A compiled condition on one string field: equals / oneOf (case-insensitive), pattern (case-insensitive, whole
 * value) or an inclusive numeric range. A missing value never matches.
 */
final class Cond {
    enum Op { EQUALS, ONE_OF, PATTERN, RANGE }

    static final Set<String> OPERATORS = Set.of("equals", "oneOf", "pattern", "range");
    private static final Set<String> RANGE_FIELDS = Set.of("min", "max");

    final String field;
    /** Index into the profile value array for profile conditions, -1 for event conditions. */
    final int profileIndex;
    final Op op;
    private final String equalsValue;
    private final Set<String> oneOf;
    private final Pattern pattern;
    private final long min;
    private final long max;
    /** e.g. "industry = software", "minutes in [30, ∞)". */
    final String text;

    private Cond(String field, int profileIndex, Op op, String equalsValue, Set<String> oneOf, Pattern pattern,
            long min, long max, String text) {
        this.field = field;
        this.profileIndex = profileIndex;
        this.op = op;
        this.equalsValue = equalsValue;
        this.oneOf = oneOf;
        this.pattern = pattern;
        this.min = min;
        this.max = max;
        this.text = text;
    }

    boolean test(String v) {
        if (v == null) {
            return false;
        }
        switch (op) {
            case EQUALS:
                return v.equalsIgnoreCase(equalsValue);
            case ONE_OF:
                return oneOf.contains(v.toLowerCase(Locale.ROOT));
            case PATTERN:
                return pattern.matcher(v).matches();
            default:
                long n = parseLong(v);
                return n != Long.MIN_VALUE && n >= min && n <= max;
        }
    }

    /**
     * The lower-cased values an equals / oneOf condition accepts when all are ASCII (for ASCII input, accepting
     * is then exactly "its lower case is one of them"); null for any other condition.
     */
    Set<String> asciiValues() {
        // equals is equalsIgnoreCase: the same as comparing lower cases only when both sides are ASCII
        Set<String> values = op == Op.EQUALS && isAscii(equalsValue) ? Set.of(equalsValue.toLowerCase(Locale.ROOT))
                : op == Op.ONE_OF ? oneOf : null;
        if (values == null) {
            return null;
        }
        for (String v : values) {
            if (!isAscii(v)) {
                return null;
            }
        }
        return values;
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Decimal integer (optional sign, surrounding blanks allowed), or Long.MIN_VALUE when not one. */
    static long parseLong(String s) {
        int i = 0;
        int end = s.length();
        while (i < end && s.charAt(i) == ' ') {
            i++;
        }
        while (end > i && s.charAt(end - 1) == ' ') {
            end--;
        }
        if (i == end) {
            return Long.MIN_VALUE;
        }
        boolean neg = false;
        char c0 = s.charAt(i);
        if (c0 == '-' || c0 == '+') {
            neg = c0 == '-';
            i++;
            if (i == end) {
                return Long.MIN_VALUE;
            }
        }
        if (end - i > 18) {
            return Long.MIN_VALUE;
        }
        long n = 0;
        for (; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            n = n * 10 + (c - '0');
        }
        return neg ? -n : n;
    }

    /** Which values a field accepts in equals/oneOf, for validation; null = any. */
    interface ValueCheck {
        /** @return null when fine, else the problem */
        String check(String field, String value);
    }

    /**
     * Parses the operator of {@code o} for {@code field}. Exactly one of equals, oneOf, pattern, range.
     */
    static Cond parse(JsonObj o, String field, int profileIndex, Set<String> numericFields, ValueCheck values) {
        List<String> present = new java.util.ArrayList<>();
        for (String k : List.of("equals", "oneOf", "pattern", "range")) {
            if (o.has(k)) {
                present.add(k);
            }
        }
        if (present.size() != 1) {
            throw new RulesException(o.path, "exactly one of equals, oneOf, pattern, range is required"
                    + (present.isEmpty() ? " (found none)" : " (found " + String.join(", ", present) + ")"));
        }
        switch (present.get(0)) {
            case "equals": {
                String v = o.reqString("equals").trim();
                checkValue(values, field, v, o.at("equals"));
                return new Cond(field, profileIndex, Op.EQUALS, v, null, null, 0, 0, field + " = " + v);
            }
            case "oneOf": {
                List<String> vs = o.stringArray("oneOf", true, true);
                Set<String> set = new HashSet<>();
                for (int i = 0; i < vs.size(); i++) {
                    String v = vs.get(i).trim();
                    checkValue(values, field, v, o.at("oneOf") + "[" + i + "]");
                    set.add(v.toLowerCase(Locale.ROOT));
                }
                return new Cond(field, profileIndex, Op.ONE_OF, null, Set.copyOf(set), null, 0, 0,
                        field + " in " + vs);
            }
            case "pattern": {
                String p = o.reqString("pattern");
                Pattern compiled;
                try {
                    compiled = Pattern.compile(p, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
                } catch (PatternSyntaxException e) {
                    throw new RulesException(o.at("pattern"), "invalid regex '" + p + "': " + e.getDescription()
                            + " near index " + e.getIndex());
                }
                return new Cond(field, profileIndex, Op.PATTERN, null, null, compiled, 0, 0,
                        field + " matches /" + p + "/");
            }
            default: {
                if (!numericFields.contains(field)) {
                    throw new RulesException(o.at("range"), "range needs a numeric field (" + String.join(", ",
                            new java.util.TreeSet<>(numericFields)) + "), not '" + field + "'");
                }
                JsonObj r = o.reqObj("range", RANGE_FIELDS);
                Integer lo = r.optInt("min");
                Integer hi = r.optInt("max");
                if (lo == null && hi == null) {
                    throw new RulesException(r.path, "at least one of min, max is required");
                }
                if (lo != null && hi != null && lo > hi) {
                    throw new RulesException(r.path, "min " + lo + " > max " + hi);
                }
                String txt = field + (lo == null ? " <= " + hi : hi == null ? " >= " + lo
                        : " in [" + lo + ", " + hi + "]");
                return new Cond(field, profileIndex, Op.RANGE, null, null, null,
                        lo == null ? Long.MIN_VALUE + 1 : lo, hi == null ? Long.MAX_VALUE : hi, txt);
            }
        }
    }

    private static void checkValue(ValueCheck values, String field, String v, String path) {
        if (values != null) {
            String problem = values.check(field, v);
            if (problem != null) {
                throw new RulesException(path, problem);
            }
        }
    }
}
