package com.leadqual.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge Pipes InputTemplate: {@code <$.path.to.value>} placeholders filled from the event, and
 * {@code <aws.pipes.event.json>} for the whole event. As in Pipes, a placeholder standing alone as a JSON value is
 * replaced by the JSON of the value (a string gets its quotes); inside a JSON string it is replaced by the raw
 * text, escaped for that string. A missing path gives {@code null} (or nothing inside a string).
 */
public final class InputTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("<(\\$(?:\\.[^<>.\\[\\]]+|\\[\\d+])*|aws\\.pipes\\.event\\.json)>");

    private final String template;

    public InputTemplate(String template) {
        this.template = template;
    }

    public String render(JsonNode event) {
        StringBuilder out = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            out.append(template, last, m.start());
            JsonNode value = m.group(1).equals("aws.pipes.event.json") ? event : select(event, m.group(1));
            if (insideString(template, m.start())) {
                if (!value.isMissingNode() && !value.isNull()) {
                    String raw = value.isValueNode() ? value.asText() : value.toString();
                    String quoted = jsonString(raw);
                    out.append(quoted, 1, quoted.length() - 1);
                }
            } else {
                out.append(value.isMissingNode() ? "null" : value.toString());
            }
            last = m.end();
        }
        out.append(template.substring(last));
        return out.toString();
    }

    private static String jsonString(String s) {
        try {
            return StreamRecords.JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether position {@code pos} is inside a JSON string literal of the template text. */
    private static boolean insideString(String t, int pos) {
        boolean in = false;
        for (int i = 0; i < pos; i++) {
            char c = t.charAt(i);
            if (c == '\\' && in) {
                i++;
            } else if (c == '"') {
                in = !in;
            }
        }
        return in;
    }

    private static JsonNode select(JsonNode event, String path) {
        Matcher m = Pattern.compile("\\.([^.\\[\\]]+)|\\[(\\d+)]").matcher(path.substring(1));
        JsonNode cur = event;
        while (m.find()) {
            if (m.group(1) != null) {
                cur = cur.isObject() && cur.has(m.group(1)) ? cur.get(m.group(1)) : MissingNode.getInstance();
            } else {
                int i = Integer.parseInt(m.group(2));
                cur = cur.isArray() && i < cur.size() ? cur.get(i) : MissingNode.getInstance();
            }
        }
        return cur;
    }

    @Override
    public String toString() {
        return template;
    }
}
