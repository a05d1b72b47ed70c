package com.leadqual.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.functions.webinar.WebinarIngestHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebinarIngestIT {
    private final Stack stack = Stack.get();
    private final WebinarIngestHandler handler = Functions.webinarIngest(stack);

    @BeforeEach
    void empty() {
        stack.reset();
    }

    private JsonNode post(String event) {
        return ApiEvents.parse(Lambdas.invoke(handler, event));
    }

    static String hmacHex(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            StringBuilder hex = new StringBuilder();
            for (byte b : mac.doFinal(message.getBytes(StandardCharsets.UTF_8))) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Zoom delivery of {@code body}, signed as Zoom signs it, at {@code signedAt}. */
    static ApiEvents zoom(String body, Instant signedAt, String secret) {
        String timestamp = Long.toString(signedAt.getEpochSecond());
        return ApiEvents.sample("webinar-ingest-zoom.json").body(body)
                .header("x-zm-request-timestamp", timestamp)
                .header("x-zm-signature", "v0=" + hmacHex(secret, "v0:" + timestamp + ":" + body));
    }

    private static String sampleZoomBody() {
        return ApiEvents.sample("webinar-ingest-zoom.json").bodyText();
    }

    @Test
    void acceptsTheGenericWebinarJson() {
        JsonNode response = post(ApiEvents.sample("webinar-ingest-generic.json").json());

        assertThat(response.path("statusCode").asInt()).isEqualTo(202);
        assertThat(stack.eventCount("priya.natarajan@fabrikam.io")).isEqualTo(1);
        JsonNode replay = post(ApiEvents.sample("webinar-ingest-generic.json").json());
        assertThat(ApiEvents.parse(replay.path("body").asText()).path("duplicate").asBoolean()).isTrue();
        assertThat(stack.itemCount()).isEqualTo(1);
    }

    @Test
    void rejectsABadGenericWebinarAndStoresNothing() {
        ObjectNode body = (ObjectNode) ApiEvents.parse(ApiEvents.sample("webinar-ingest-generic.json").bodyText());
        body.put("minutes", "forty");
        JsonNode response = post(ApiEvents.sample("webinar-ingest-generic.json").body(body.toString()).json());

        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
        assertThat(ApiEvents.parse(response.path("body").asText()).path("problems").findValuesAsText("field"))
                .contains("minutes");
        assertThat(stack.itemCount()).isZero();
    }

    @Test
    void aCorrectlySignedZoomEventIsStoredOnceEvenWhenZoomRetries() {
        ApiEvents delivery = zoom(sampleZoomBody(), Instant.now(), Functions.ZOOM_SECRET);
        JsonNode first = post(delivery.json());
        JsonNode retry = post(delivery.json());

        assertThat(first.path("statusCode").asInt()).isEqualTo(200);
        assertThat(ApiEvents.parse(retry.path("body").asText()).path("duplicate").asBoolean()).isTrue();
        assertThat(stack.eventCount("priya.natarajan@fabrikam.io")).isEqualTo(1);
    }

    @Test
    void aWrongSignatureIsRefused() {
        JsonNode response = post(zoom(sampleZoomBody(), Instant.now(), "another-secret").json());

        assertThat(response.path("statusCode").asInt()).isEqualTo(401);
        assertThat(stack.itemCount()).isZero();
    }

    @Test
    void aStaleSignatureIsRefused() {
        JsonNode response = post(zoom(sampleZoomBody(), Instant.now().minusSeconds(600), Functions.ZOOM_SECRET).json());

        assertThat(response.path("statusCode").asInt()).isEqualTo(401);
        assertThat(stack.itemCount()).isZero();
    }

    @Test
    void aSignatureOverAReserializedBodyIsRefused() {
        String body = sampleZoomBody();
        ApiEvents signed = zoom(body, Instant.now(), Functions.ZOOM_SECRET);
        String pretty = ApiEvents.parse(body).toPrettyString();
        JsonNode response = post(signed.body(pretty).json());

        assertThat(response.path("statusCode").asInt()).isEqualTo(401);
        assertThat(stack.itemCount()).isZero();
    }

    @Test
    void anUnsignedZoomDeliveryIsRefused() {
        JsonNode response = post(ApiEvents.sample("webinar-ingest-zoom.json")
                .header("x-zm-signature", null).header("x-zm-request-timestamp", null).json());

        assertThat(response.path("statusCode").asInt()).isEqualTo(401);
        assertThat(stack.itemCount()).isZero();
    }

    @Test
    void answersZoomsUrlValidationChallenge() {
        String body = "{\"payload\":{\"plainToken\":\"qgg8vlvZRS6UYooatFL8Aw\"},\"event_ts\":" + Instant.now().toEpochMilli()
                + ",\"event\":\"endpoint.url_validation\"}";
        JsonNode response = post(zoom(body, Instant.now(), Functions.ZOOM_SECRET).json());

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        JsonNode answer = ApiEvents.parse(response.path("body").asText());
        assertThat(answer.path("plainToken").asText()).isEqualTo("qgg8vlvZRS6UYooatFL8Aw");
        assertThat(answer.path("encryptedToken").asText())
                .isEqualTo(hmacHex(Functions.ZOOM_SECRET, "qgg8vlvZRS6UYooatFL8Aw"));
        assertThat(stack.itemCount()).isZero();
    }

    @Test
    void acknowledgesUnknownZoomEventsWithoutStoringThem() {
        String body = "{\"event\":\"meeting.started\",\"event_ts\":" + Instant.now().toEpochMilli()
                + ",\"payload\":{\"object\":{\"id\":\"1\"}}}";
        JsonNode response = post(zoom(body, Instant.now(), Functions.ZOOM_SECRET).json());

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(stack.itemCount()).isZero();
    }
}
