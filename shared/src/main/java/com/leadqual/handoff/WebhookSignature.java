package com.leadqual.handoff;

import com.leadqual.intake.Hashing;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;

/**
 * How a notification is signed: {@code X-Leadqual-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}
 * with the Unix time in seconds in {@code X-Leadqual-Timestamp}. Signing the timestamp with the body lets a
 * receiver refuse an old request replayed by someone who captured it; docs/STREAM.md shows the receiver's check.
 */
public final class WebhookSignature {
    public static final String DELIVERY_ID_HEADER = "X-Leadqual-Delivery-Id";
    public static final String TIMESTAMP_HEADER = "X-Leadqual-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Leadqual-Signature";
    /** Versioned, so the scheme can change without receivers mistaking one for the other. */
    public static final String VERSION = "v1";

    private WebhookSignature() {
    }

    public static String sign(byte[] secret, long timestampSeconds, String body) {
        Mac mac = Hashing.hmacSha256(secret);
        mac.update((timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
        return VERSION + "=" + Hashing.HEX.formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
