package com.leadqual.scoring;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A JSON object being validated at a path: every accessor fails with a {@link RulesException} naming the path. */
final class JsonObj {
    final JsonNode node;
    final String path;

    private JsonObj(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static JsonObj of(JsonNode node, String path, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw new RulesException(path, "expected an object, got " + kind(node));
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new RulesException(child(path, name), "unknown field (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
        return new JsonObj(node, path);
    }

    static String child(String path, String name) {
        return "$".equals(path) ? name : path + "." + name;
    }

    static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isNull()) {
            return "null";
        }
        if (n.isTextual()) {
            return "a string";
        }
        if (n.isIntegralNumber()) {
            return "an integer";
        }
        if (n.isNumber()) {
            return "a number";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        if (n.isArray()) {
            return "an array";
        }
        return "an object";
    }

    String at(String name) {
        return child(path, name);
    }

    boolean has(String name) {
        JsonNode n = node.get(name);
        return n != null && !n.isNull();
    }

    JsonNode require(String name) {
        JsonNode n = node.get(name);
        if (n == null || n.isNull()) {
            throw new RulesException(at(name), "required field is missing");
        }
        return n;
    }

    String reqString(String name) {
        return string(require(name), at(name));
    }

    String optString(String name) {
        return has(name) ? reqString(name) : null;
    }

    static String string(JsonNode n, String path) {
        if (!n.isTextual()) {
            throw new RulesException(path, "expected a string, got " + kind(n));
        }
        if (n.asText().isBlank()) {
            throw new RulesException(path, "must not be blank");
        }
        return n.asText();
    }

    int reqInt(String name) {
        JsonNode n = require(name);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new RulesException(at(name), "expected an integer, got " + kind(n) + " " + n);
        }
        return n.intValue();
    }

    Integer optInt(String name) {
        return has(name) ? reqInt(name) : null;
    }

    double reqNumber(String name) {
        JsonNode n = require(name);
        if (!n.isNumber()) {
            throw new RulesException(at(name), "expected a number, got " + kind(n));
        }
        return n.doubleValue();
    }

    boolean optBool(String name, boolean dflt) {
        if (!has(name)) {
            return dflt;
        }
        JsonNode n = node.get(name);
        if (!n.isBoolean()) {
            throw new RulesException(at(name), "expected a boolean, got " + kind(n));
        }
        return n.booleanValue();
    }

    JsonObj reqObj(String name, Set<String> allowed) {
        return of(require(name), at(name), allowed);
    }

    JsonObj optObj(String name, Set<String> allowed) {
        return has(name) ? reqObj(name, allowed) : null;
    }

    /** The elements of an array field (empty when absent and not required). */
    List<JsonNode> array(String name, boolean required) {
        if (!has(name)) {
            if (required) {
                throw new RulesException(at(name), "required field is missing");
            }
            return List.of();
        }
        JsonNode n = node.get(name);
        if (!n.isArray()) {
            throw new RulesException(at(name), "expected an array, got " + kind(n));
        }
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    List<String> stringArray(String name, boolean required, boolean nonEmpty) {
        List<JsonNode> items = array(name, required);
        if (nonEmpty && items.isEmpty() && has(name)) {
            throw new RulesException(at(name), "must not be empty");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(string(items.get(i), at(name) + "[" + i + "]"));
        }
        return out;
    }
}
