package com.leadqual.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Reading request bodies: content type, size, strict UTF-8, flat JSON objects and urlencoded forms. */
final class Bodies {
    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";

    /**
     * Duplicate keys are an error (an attacker could otherwise make two readers disagree on a value); deep
     * nesting and huge numbers are cut off early.
     */
    static final JsonFactory JSON_FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64).maxNumberLength(64).maxStringLength(1 << 20).build())
            .build();
    static final ObjectMapper MAPPER = JsonMapper.builder(JSON_FACTORY).build();

    private Bodies() {
    }

    /**
     * The media type of {@code contentType} (lower case, without parameters) when it is one of {@code allowed}
     * and its charset, if given, is UTF-8; otherwise a 415.
     */
    static String mediaType(String contentType, Set<String> allowed) {
        String expected = String.join(" or ", allowed.stream().sorted().toList());
        if (contentType == null || contentType.isBlank()) {
            throw InvalidInput.unsupportedMediaType("is missing; expected " + expected);
        }
        String[] parts = contentType.split(";", -1);
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(type)) {
            throw InvalidInput.unsupportedMediaType("must be " + expected);
        }
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].strip();
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            if (eq <= 0) {
                throw InvalidInput.unsupportedMediaType("has a malformed parameter");
            }
            String name = param.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = unquote(param.substring(eq + 1).strip()).toLowerCase(Locale.ROOT);
            if (name.equals("charset") && !value.equals("utf-8") && !value.equals("utf8")) {
                throw InvalidInput.unsupportedMediaType("must use charset utf-8");
            }
        }
        return type;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    static byte[] checkSize(byte[] body, int maxBytes) {
        byte[] b = body == null ? new byte[0] : body;
        if (b.length > maxBytes) {
            throw InvalidInput.payloadTooLarge(maxBytes);
        }
        return b;
    }

    /** Strict UTF-8 decoding; null when the bytes are not valid UTF-8. */
    static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String utf8(byte[] body) {
        String text = utf8OrNull(body);
        if (text == null) {
            throw InvalidInput.badRequest("body", "is not valid UTF-8");
        }
        return text;
    }

    /**
     * Reads a flat JSON object: each value a string, number (kept as its JSON text) or boolean; null counts as
     * absent. Nested objects and arrays are reported per field (every field, known or not: the body must be
     * flat). Syntax errors, duplicate keys and a non-object body are fatal and thrown at once.
     */
    static Map<String, String> readFlatJsonObject(byte[] body, Errors errors) {
        String text = utf8(body);
        Map<String, String> values = new LinkedHashMap<>();
        try (JsonParser p = JSON_FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw InvalidInput.badRequest("body", "must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == null) {
                    throw InvalidInput.badRequest("body", "truncated JSON: unexpected end of input"
                            + at(p.currentLocation()));
                }
                switch (v) {
                    case VALUE_STRING:
                    case VALUE_NUMBER_INT:
                    case VALUE_NUMBER_FLOAT:
                        values.put(name, p.getText());
                        break;
                    case VALUE_TRUE:
                    case VALUE_FALSE:
                        values.put(name, Boolean.toString(v == JsonToken.VALUE_TRUE));
                        break;
                    case VALUE_NULL:
                        break;
                    case START_OBJECT:
                    case START_ARRAY:
                        errors.add(displayName(name), "must be a string, number or boolean, not "
                                + (v == JsonToken.START_OBJECT ? "an object" : "an array"));
                        p.skipChildren();
                        break;
                    default:
                        throw InvalidInput.badRequest("body", "malformed JSON" + at(p.currentLocation()));
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw InvalidInput.badRequest("body", "malformed JSON" + at(p.currentLocation()));
            }
            if (p.nextToken() != null) {
                throw InvalidInput.badRequest("body", "unexpected content after the JSON object"
                        + at(p.currentTokenLocation()));
            }
        } catch (JsonProcessingException e) {
            throw jsonProblem(e);
        } catch (IOException e) {
            throw InvalidInput.badRequest("body", "unreadable JSON");
        }
        return values;
    }

    /** Parses a whole JSON document as a tree (duplicate keys rejected); syntax problems become a 400. */
    static JsonNode readTree(byte[] body) {
        String text = utf8(body);
        try (JsonParser p = JSON_FACTORY.createParser(text)) {
            JsonNode node = MAPPER.readTree(p);
            if (node == null) {
                throw InvalidInput.badRequest("body", "is empty");
            }
            if (p.nextToken() != null) {
                throw InvalidInput.badRequest("body", "unexpected content after the JSON value"
                        + at(p.currentTokenLocation()));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw jsonProblem(e);
        } catch (IOException e) {
            throw InvalidInput.badRequest("body", "unreadable JSON");
        }
    }

    /** Never echoes the input: only a fixed description and the position. */
    private static InvalidInput jsonProblem(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return InvalidInput.badRequest("body", "JSON exceeds the parser limits (nesting depth or number length)"
                    + at(e.getLocation()));
        }
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Duplicate field '") && message.endsWith("'")) {
            String name = message.substring("Duplicate field '".length(), message.length() - 1);
            return InvalidInput.badRequest(displayName(name), "is a duplicate key" + at(e.getLocation()));
        }
        if (e instanceof JsonEOFException || (message != null && message.contains("end-of-input"))) {
            return InvalidInput.badRequest("body", "truncated JSON: unexpected end of input" + at(e.getLocation()));
        }
        return InvalidInput.badRequest("body", "malformed JSON" + at(e.getLocation()));
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** A field name fit for an error message: printable characters only, at most 64 of them. */
    static String displayName(String name) {
        StringBuilder sb = new StringBuilder();
        name.codePoints().limit(64).forEach(c -> sb.appendCodePoint(
                Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE
                        || Character.getType(c) == Character.FORMAT ? '?' : c));
        if (name.codePointCount(0, name.length()) > 64) {
            sb.append('…');
        }
        return sb.length() == 0 ? "(empty key)" : sb.toString();
    }

    /**
     * Reads an application/x-www-form-urlencoded body ('+' is a space, %XX a byte, the bytes UTF-8).
     * Malformed escapes and invalid UTF-8 are reported per field; a repeated known field is an error
     * (which value would win?), a repeated unknown field is ignored like every unknown field (multi-select
     * inputs the forms may grow are not our business).
     */
    static Map<String, String> readUrlEncoded(byte[] body, Set<String> knownFields, Errors errors) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        int start = 0;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '&', start, body.length);
            if (end < 0) {
                end = body.length;
            }
            if (end > start) {
                readPair(body, start, end, knownFields, seen, values, errors);
            }
            start = end + 1;
        }
        return values;
    }

    private static void readPair(byte[] body, int start, int end, Set<String> known, Set<String> seen,
            Map<String, String> values, Errors errors) {
        int eq = indexOf(body, (byte) '=', start, end);
        int nameEnd = eq < 0 ? end : eq;
        String name = percentDecode(body, start, nameEnd);
        if (name == null) {
            errors.add("body", "has a field name with a malformed percent-escape or invalid UTF-8");
            return;
        }
        String value = eq < 0 ? "" : percentDecode(body, eq + 1, end);
        String field = displayName(name);
        if (value == null && !errors.has(field)) {
            errors.add(field, "has a malformed percent-escape or invalid UTF-8");
        }
        if (!known.contains(name)) {
            return;
        }
        if (!seen.add(name)) {
            values.remove(name);
            errors.addOnce(name, "is repeated; send each field once");
            return;
        }
        if (value != null) {
            values.put(name, value);
        }
    }

    /** Null when an escape is malformed or the decoded bytes are not UTF-8. */
    private static String percentDecode(byte[] b, int start, int end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            byte c = b[i];
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= end) {
                    return null;
                }
                int hi = Character.digit(b[i + 1], 16);
                int lo = Character.digit(b[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(c);
            }
        }
        return utf8OrNull(out.toByteArray());
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
