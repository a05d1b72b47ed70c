package com.leadqual.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An EventBridge event pattern, as used by Pipes and Lambda FilterCriteria. Supported: exact values, arrays of
 * alternatives, nested objects, {@code prefix}, {@code suffix}, {@code equals-ignore-case}, {@code exists},
 * {@code anything-but} (values or a prefix) and {@code numeric}. As in EventBridge, numeric matching applies to
 * JSON numbers only (a DynamoDB {@code "N"} is a string), and {@code exists} only matches leaf values.
 * Anything else is rejected when the pattern is compiled, not silently ignored.
 */
public final class EventPattern {
    private final JsonNode pattern;

    private EventPattern(JsonNode pattern) {
        this.pattern = pattern;
        validate(pattern, "$");
    }

    /** Compiles a pattern from its JSON text; throws IllegalArgumentException on an unsupported construct. */
    public static EventPattern compile(String json) {
        JsonNode node = StreamRecords.parse(json);
        if (!node.isObject()) {
            throw new IllegalArgumentException("An event pattern must be a JSON object: " + json);
        }
        return new EventPattern(node);
    }

    /** True when {@code patterns} is empty or any of them matches (how Pipes and Lambda combine filters). */
    public static boolean anyMatches(List<EventPattern> patterns, JsonNode event) {
        return patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matches(event));
    }

    public boolean matches(JsonNode event) {
        return matchObject(pattern, event);
    }

    private static boolean matchObject(JsonNode pat, JsonNode event) {
        Iterator<Map.Entry<String, JsonNode>> it = pat.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = event != null && event.isObject() && event.has(e.getKey())
                    ? event.get(e.getKey()) : MissingNode.getInstance();
            JsonNode p = e.getValue();
            boolean ok = p.isObject() ? matchObject(p, value) : matchAlternatives(p, value);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchAlternatives(JsonNode alternatives, JsonNode value) {
        for (JsonNode alt : alternatives.isArray() ? alternatives : List.of(alternatives)) {
            if (alt.isObject() && alt.has("exists")) {
                boolean present = !value.isMissingNode() && !value.isObject();
                if (alt.get("exists").asBoolean() == present) {
                    return true;
                }
                continue;
            }
            if (value.isMissingNode() || value.isObject()) {
                continue;
            }
            if (value.isArray()) {
                for (JsonNode v : value) {
                    if (matchOne(alt, v)) {
                        return true;
                    }
                }
            } else if (matchOne(alt, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchOne(JsonNode alt, JsonNode v) {
        if (!alt.isObject()) {
            return literalEquals(alt, v);
        }
        String op = alt.fieldNames().next();
        JsonNode arg = alt.get(op);
        switch (op) {
            case "prefix":
                return v.isTextual() && v.asText().startsWith(arg.asText());
            case "suffix":
                return v.isTextual() && v.asText().endsWith(arg.asText());
            case "equals-ignore-case":
                return v.isTextual() && v.asText().equalsIgnoreCase(arg.asText());
            case "anything-but":
                if (arg.isObject() && arg.has("prefix")) {
                    return v.isTextual() && !v.asText().startsWith(arg.get("prefix").asText());
                }
                for (JsonNode no : arg.isArray() ? arg : List.of(arg)) {
                    if (literalEquals(no, v)) {
                        return false;
                    }
                }
                return true;
            case "numeric":
                if (!v.isNumber()) {
                    return false;
                }
                BigDecimal n = v.decimalValue();
                for (int i = 0; i + 1 < arg.size(); i += 2) {
                    int c = n.compareTo(arg.get(i + 1).decimalValue());
                    boolean ok = switch (arg.get(i).asText()) {
                        case "=" -> c == 0;
                        case "<" -> c < 0;
                        case "<=" -> c <= 0;
                        case ">" -> c > 0;
                        case ">=" -> c >= 0;
                        default -> throw new IllegalStateException("validated");
                    };
                    if (!ok) {
                        return false;
                    }
                }
                return true;
            default:
                throw new IllegalStateException("validated");
        }
    }

    private static boolean literalEquals(JsonNode p, JsonNode v) {
        if (p.isNull()) {
            return v.isNull();
        }
        if (p.isNumber() && v.isNumber()) {
            return p.decimalValue().compareTo(v.decimalValue()) == 0;
        }
        if (p.isTextual() && v.isTextual() || p.isBoolean() && v.isBoolean()) {
            return p.asText().equals(v.asText());
        }
        return false;
    }

    private static void validate(JsonNode pat, String path) {
        Iterator<Map.Entry<String, JsonNode>> it = pat.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                validate(v, p);
            } else if (v.isArray()) {
                for (JsonNode alt : v) {
                    if (alt.isObject()) {
                        validateOperator(alt, p);
                    } else if (alt.isArray()) {
                        throw new IllegalArgumentException("Event pattern at " + p + ": nested arrays are not allowed");
                    }
                }
            } else {
                throw new IllegalArgumentException("Event pattern at " + p
                        + ": values must be in an array, e.g. [" + v + "]");
            }
        }
    }

    private static void validateOperator(JsonNode alt, String path) {
        if (alt.size() != 1) {
            throw new IllegalArgumentException("Event pattern at " + path + ": one operator per object, got " + alt);
        }
        String op = alt.fieldNames().next();
        JsonNode arg = alt.get(op);
        switch (op) {
            case "prefix", "suffix", "equals-ignore-case" -> {
                if (!arg.isTextual()) {
                    throw new IllegalArgumentException("Event pattern at " + path + ": " + op + " needs a string");
                }
            }
            case "exists" -> {
                if (!arg.isBoolean()) {
                    throw new IllegalArgumentException("Event pattern at " + path + ": exists needs true or false");
                }
            }
            case "anything-but" -> {
                if (arg.isObject() && !(arg.size() == 1 && arg.has("prefix") && arg.get("prefix").isTextual())) {
                    throw new IllegalArgumentException("Event pattern at " + path
                            + ": anything-but supports values or {\"prefix\": string}, got " + arg);
                }
            }
            case "numeric" -> {
                if (!arg.isArray() || arg.size() == 0 || arg.size() % 2 != 0) {
                    throw new IllegalArgumentException("Event pattern at " + path
                            + ": numeric needs [op, number, ...], got " + arg);
                }
                for (int i = 0; i < arg.size(); i += 2) {
                    String o = arg.get(i).asText();
                    if (!List.of("=", "<", "<=", ">", ">=").contains(o) || !arg.get(i + 1).isNumber()) {
                        throw new IllegalArgumentException("Event pattern at " + path
                                + ": bad numeric comparison " + arg.get(i) + " " + arg.get(i + 1));
                    }
                }
            }
            default -> throw new IllegalArgumentException("Event pattern at " + path + ": operator '"
                    + op.toLowerCase(Locale.ROOT) + "' is not supported locally");
        }
    }

    @Override
    public String toString() {
        return pattern.toString();
    }
}
