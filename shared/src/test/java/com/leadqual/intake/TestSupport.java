package com.leadqual.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

final class TestSupport {
    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";

    private TestSupport() {
    }

    static byte[] resource(String name) {
        try (InputStream in = TestSupport.class.getResourceAsStream("/intake/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON object from alternating keys and values; String values are quoted, others written as is. */
    static byte[] json(Object... keyValues) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < keyValues.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote((String) keyValues[i])).append(':');
            Object v = keyValues[i + 1];
            sb.append(v instanceof String s ? quote(s) : String.valueOf(v));
        }
        return utf8(sb.append('}').toString());
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** A minimal valid form plus the given overrides (a null value removes the field). */
    static Map<String, String> validForm(String... overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("email", "lead@example.com");
        m.put("formType", "demo_request");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                m.remove(overrides[i]);
            } else {
                m.put(overrides[i], overrides[i + 1]);
            }
        }
        return m;
    }

    static byte[] jsonOf(Map<String, String> fields) {
        return json(fields.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray());
    }

    static byte[] urlencodedOf(Map<String, String> fields) {
        return utf8(fields.entrySet().stream()
                .map(e -> java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    static InvalidInput invalid(ThrowingCallable call) {
        InvalidInput e = catchThrowableOfType(InvalidInput.class, call);
        assertThat(e).as("expected InvalidInput").isNotNull();
        return e;
    }

    /** Asserts the status and that exactly one error names {@code field} with a problem containing the text. */
    static InvalidInput assertInvalid(ThrowingCallable call, int status, String field, String problemContains) {
        InvalidInput e = invalid(call);
        assertThat(e.status()).as("status of " + e.getMessage()).isEqualTo(status);
        assertThat(e.errors()).as(e.getMessage())
                .filteredOn(err -> err.field().equals(field))
                .singleElement()
                .satisfies(err -> assertThat(err.problem()).contains(problemContains));
        return e;
    }
}
