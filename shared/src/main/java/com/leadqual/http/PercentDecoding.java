package com.leadqual.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-decoding of a path segment. Unlike {@link java.net.URLDecoder} (form decoding) it leaves
 * {@code +} alone, which matters for addresses like {@code dana+crm@example.com}; and it refuses malformed escapes
 * and byte sequences that are not UTF-8 instead of guessing.
 */
public final class PercentDecoding {
    private PercentDecoding() {
    }

    /** @throws IllegalArgumentException naming the problem (never echoing the input) */
    public static String decode(String encoded) {
        if (encoded.indexOf('%') < 0) {
            return encoded;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        int literalFrom = 0;
        for (int i = encoded.indexOf('%'); i >= 0; i = encoded.indexOf('%', literalFrom)) {
            bytes.writeBytes(encoded.substring(literalFrom, i).getBytes(StandardCharsets.UTF_8));
            if (i + 2 >= encoded.length()) {
                throw new IllegalArgumentException("has an incomplete percent-escape");
            }
            int high = hex(encoded.charAt(i + 1));
            int low = hex(encoded.charAt(i + 2));
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("has a percent-escape that is not two hex digits");
            }
            bytes.write(high * 16 + low);
            literalFrom = i + 3;
        }
        bytes.writeBytes(encoded.substring(literalFrom).getBytes(StandardCharsets.UTF_8));
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("is not percent-encoded UTF-8");
        }
    }

    /** ASCII hex only (Character.digit would take other scripts' digits). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
