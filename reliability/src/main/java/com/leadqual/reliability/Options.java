package com.leadqual.reliability;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} pairs, checked against the names a command knows, so a typo is refused, not ignored. */
final class Options {
    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    static Options parse(String[] args, Set<String> known) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            String name = args[i].substring(2);
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: --"
                        + String.join(", --", known.stream().sorted().toList()));
            }
            options.put(name, args[++i]);
        }
        return new Options(options);
    }

    String text(String name, String otherwise) {
        return values.getOrDefault(name, otherwise);
    }

    int integer(String name, int otherwise) {
        String v = values.get(name);
        return v == null ? otherwise : Integer.parseInt(v);
    }

    double number(String name, double otherwise) {
        String v = values.get(name);
        return v == null ? otherwise : Double.parseDouble(v);
    }

    /** A share in [0, 1]. */
    double share(String name, double otherwise) {
        double v = number(name, otherwise);
        if (v < 0 || v > 1) {
            throw new IllegalArgumentException("--" + name + " must be between 0 and 1, got " + v);
        }
        return v;
    }
}
