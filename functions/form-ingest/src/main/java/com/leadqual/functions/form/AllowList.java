package com.leadqual.functions.form;

import java.util.Arrays;
import java.util.List;

/** A comma-separated list from the template: exact origins, or URL prefixes for thank-you pages. */
public record AllowList(List<String> entries) {

    public static AllowList parse(String commaSeparated) {
        return new AllowList(Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .toList());
    }

    public boolean hasExactly(String value) {
        return value != null && entries.contains(value);
    }

    /**
     * Prefix match that cannot be fooled by a longer host: "https://a.com/thanks" allows
     * "https://a.com/thanks?x=1" but an entry must end at a path boundary, so "https://a.com" does not allow
     * "https://a.com.evil.net/".
     */
    public boolean hasPrefixOf(String url) {
        if (url == null) {
            return false;
        }
        for (String entry : entries) {
            if (url.equals(entry)) {
                return true;
            }
            if (url.startsWith(entry)) {
                char next = url.charAt(entry.length());
                if (entry.endsWith("/") || next == '/' || next == '?' || next == '#') {
                    return true;
                }
            }
        }
        return false;
    }
}
