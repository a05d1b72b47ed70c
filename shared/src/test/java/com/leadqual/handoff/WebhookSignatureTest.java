package com.leadqual.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final byte[] SECRET = "test-signing-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final String BODY = "{\"deliveryId\":\"abc\",\"email\":\"dana@example.com\"}";

    @Test
    void matchesAnIndependentHmacOfTimestampDotBody() {
        // printf '%s' '1795460400.<body>' | openssl dgst -sha256 -hmac 'test-signing-secret-0123456789abcdef'
        assertThat(WebhookSignature.sign(SECRET, 1795460400L, BODY))
                .isEqualTo("v1=269e82e995905961393f6965a58bb7634aa216922794808b14dd0ce9b299c9c8");
    }

    @Test
    void theTimestampAndEveryByteOfTheBodyAreSigned() {
        String signature = WebhookSignature.sign(SECRET, 1795460400L, BODY);
        assertThat(WebhookSignature.sign(SECRET, 1795460401L, BODY)).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign(SECRET, 1795460400L, BODY.replace("dana", "Dana"))).isNotEqualTo(signature);
        assertThat(WebhookSignature.sign("another-secret".getBytes(StandardCharsets.UTF_8), 1795460400L, BODY))
                .isNotEqualTo(signature);
    }
}
