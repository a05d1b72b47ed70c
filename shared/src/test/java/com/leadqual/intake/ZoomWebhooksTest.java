package com.leadqual.intake;

import static com.leadqual.intake.TestSupport.assertInvalid;
import static com.leadqual.intake.TestSupport.resource;
import static com.leadqual.intake.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.leadqual.scoring.EventTypes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZoomWebhooksTest {
    private static final byte[] SECRET = "zoom-secret-token".getBytes(StandardCharsets.UTF_8);
    private static final ZoomWebhooks ZOOM = new ZoomWebhooks(SECRET, Duration.ofMinutes(5));
    private static final Instant NOW = Instant.parse("2025-03-10T16:01:30Z");
    private static final String TS = Long.toString(NOW.getEpochSecond());

    /** Independent reference implementation of Zoom's signature. */
    static String sign(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            mac.update(body);
            StringBuilder sb = new StringBuilder("v0=");
            for (byte b : mac.doFinal()) {
                sb.append(String.format("%02x", b & 0xff));
            }
            return sb.toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Nested
    class Signatures {
        private final byte[] body = resource("zoom-participant-joined.json");

        @Test
        void validSignaturePasses() {
            assertThatCode(() -> ZOOM.verify(TS, sign(SECRET, TS, body), body, NOW)).doesNotThrowAnyException();
            // Hex case does not matter.
            assertThatCode(() -> ZOOM.verify(TS, "v0=" + sign(SECRET, TS, body).substring(3).toUpperCase(), body, NOW))
                    .doesNotThrowAnyException();
        }

        @Test
        void wrongSecretOrTamperedBodyFails() {
            String otherSecret = sign("another-secret".getBytes(StandardCharsets.UTF_8), TS, body);
            assertInvalid(() -> ZOOM.verify(TS, otherSecret, body, NOW), 401, "x-zm-signature", "does not match");
            byte[] tampered = body.clone();
            tampered[tampered.length / 2] ^= 1;
            assertInvalid(() -> ZOOM.verify(TS, sign(SECRET, TS, body), tampered, NOW), 401, "x-zm-signature",
                    "does not match");
        }

        @Test
        void reserializedBodyIsRejected() throws Exception {
            // Same JSON, different whitespace: the signature covers the raw bytes, not the parsed document.
            byte[] compact = Bodies.MAPPER.writeValueAsBytes(Bodies.MAPPER.readTree(body));
            assertThat(Bodies.MAPPER.readTree(compact)).isEqualTo(Bodies.MAPPER.readTree(body));
            assertInvalid(() -> ZOOM.verify(TS, sign(SECRET, TS, body), compact, NOW), 401, "x-zm-signature",
                    "does not match");
        }

        @Test
        void signatureIsBoundToTheTimestamp() {
            String other = Long.toString(NOW.getEpochSecond() - 1);
            assertInvalid(() -> ZOOM.verify(other, sign(SECRET, TS, body), body, NOW), 401, "x-zm-signature",
                    "does not match");
        }

        @Test
        void staleOrFutureTimestampsFail() {
            String old = Long.toString(NOW.minusSeconds(301).getEpochSecond());
            assertInvalid(() -> ZOOM.verify(old, sign(SECRET, old, body), body, NOW), 401, "x-zm-request-timestamp",
                    "too far from the current time");
            String future = Long.toString(NOW.plusSeconds(301).getEpochSecond());
            assertInvalid(() -> ZOOM.verify(future, sign(SECRET, future, body), body, NOW), 401,
                    "x-zm-request-timestamp", "too far");
            String edge = Long.toString(NOW.minusSeconds(300).getEpochSecond());
            assertThatCode(() -> ZOOM.verify(edge, sign(SECRET, edge, body), body, NOW)).doesNotThrowAnyException();
        }

        @Test
        void millisecondTimestampIsStale() {
            String millis = Long.toString(NOW.toEpochMilli());
            assertInvalid(() -> ZOOM.verify(millis, sign(SECRET, millis, body), body, NOW), 401,
                    "x-zm-request-timestamp", "seconds since the epoch");
        }

        @Test
        void missingHeadersFail() {
            assertInvalid(() -> ZOOM.verify(null, sign(SECRET, TS, body), body, NOW), 401, "x-zm-request-timestamp",
                    "is missing");
            assertInvalid(() -> ZOOM.verify("", sign(SECRET, TS, body), body, NOW), 401, "x-zm-request-timestamp",
                    "is missing");
            assertInvalid(() -> ZOOM.verify(TS, null, body, NOW), 401, "x-zm-signature", "is missing");
            assertInvalid(() -> ZOOM.verify(TS, "", body, NOW), 401, "x-zm-signature", "is missing");
        }

        @ParameterizedTest
        @ValueSource(strings = {" 1741622490", "1741622490 ", "+1741622490", "-1741622490", "1741622490.0",
                "0x67cf0dda", "1e9", "17416224900000000000", "١٧٤١٦٢٢٤٩٠", "Mon, 10 Mar 2025 16:01:30 GMT"})
        void malformedTimestampsFail(String ts) {
            assertInvalid(() -> ZOOM.verify(ts, sign(SECRET, ts, body), body, NOW), 401, "x-zm-request-timestamp",
                    "digits only");
        }

        @Test
        void malformedSignaturesFail() {
            String good = sign(SECRET, TS, body);
            for (String bad : new String[] {good.substring(3), "v1=" + good.substring(3), good + "00",
                    good.substring(0, good.length() - 1), "v0=" + "z".repeat(64), good + " ", "sha256=" + good}) {
                assertInvalid(() -> ZOOM.verify(TS, bad, body, NOW), 401, "x-zm-signature", "v0= followed by 64 hex");
            }
        }

        @Test
        void emptyBodyCanStillBeVerified() {
            assertThatCode(() -> ZOOM.verify(TS, sign(SECRET, TS, new byte[0]), null, NOW)).doesNotThrowAnyException();
        }

        @Test
        void constructorGuardsAndSecretIsCopied() {
            assertThatThrownBy(() -> new ZoomWebhooks(new byte[0], Duration.ofMinutes(5)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new ZoomWebhooks(SECRET, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
            byte[] secret = SECRET.clone();
            ZoomWebhooks zoom = new ZoomWebhooks(secret, Duration.ofMinutes(5));
            secret[0] ^= 1;
            assertThatCode(() -> zoom.verify(TS, sign(SECRET, TS, body), body, NOW)).doesNotThrowAnyException();
        }
    }

    @Nested
    class Events {
        @Test
        void urlValidationAnswersWithTheHmacOfThePlainToken() throws Exception {
            ZoomOutcome outcome = ZOOM.handle(resource("zoom-url-validation.json"));
            assertThat(outcome).isInstanceOf(ZoomOutcome.UrlValidation.class);
            ZoomOutcome.UrlValidation v = (ZoomOutcome.UrlValidation) outcome;
            assertThat(v.plainToken()).isEqualTo("qgg8vlvZRS6UYooatFL8Aw");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
            byte[] expected = mac.doFinal("qgg8vlvZRS6UYooatFL8Aw".getBytes(StandardCharsets.UTF_8));
            assertThat(v.encryptedToken()).isEqualTo(java.util.HexFormat.of().formatHex(expected)).hasSize(64);
            assertThat(Bodies.MAPPER.readTree(v.responseJson())).isEqualTo(Bodies.MAPPER.readTree(
                    "{\"plainToken\":\"qgg8vlvZRS6UYooatFL8Aw\",\"encryptedToken\":\"" + v.encryptedToken() + "\"}"));
        }

        @Test
        void urlValidationWithoutPlainTokenIs400() {
            assertInvalid(() -> ZOOM.handle(utf8("{\"event\":\"endpoint.url_validation\",\"payload\":{}}")), 400,
                    "payload.plainToken", "non-empty string");
        }

        @Test
        void registrationCreated() {
            ZoomOutcome outcome = ZOOM.handle(resource("zoom-registration-created.json"));
            AcceptedEvent e = ((ZoomOutcome.Accepted) outcome).event();
            assertThat(e.email()).isEqualTo("ana.silva@example.com");
            assertThat(e.type()).isEqualTo(EventTypes.WEBINAR_REGISTERED);
            assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochMilli(1740844800000L));
            assertThat(e.data()).containsOnly(entry("webinarId", "87654321012"),
                    entry("webinarTitle", "Scoring leads with events"), entry("source", "zoom"),
                    entry("firstName", "Ana"), entry("lastName", "Silva"), entry("company", "Globex"),
                    entry("jobTitle", "Head of Data"), entry("industry", "logistics"), entry("country", "PT"),
                    entry("phone", "+351 21 000 0000"), entry("companySize", "1001"));
            assertThat(e.eventId()).isEqualTo(EventIds.of("zoom", "webinar.registration_created",
                    "4444AAAiAAAAAiAiAiiAii==", "abcdefghij0-klmnopq23", "1740844800000"));
        }

        @Test
        void registrantValuesThatFailOurRulesAreDroppedNotFatal() {
            String body = new String(resource("zoom-registration-created.json"), StandardCharsets.UTF_8)
                    .replace("\"PT\"", "\"Portugal\"").replace("\"1,001-5,000\"", "\"lots\"")
                    .replace("\"+351 21 000 0000\"", "\"call me\"");
            AcceptedEvent e = ((ZoomOutcome.Accepted) ZOOM.handle(utf8(body))).event();
            assertThat(e.data()).doesNotContainKeys("country", "companySize", "phone").containsEntry("company", "Globex");
        }

        @Test
        void participantJoined() {
            AcceptedEvent e = ((ZoomOutcome.Accepted) ZOOM.handle(resource("zoom-participant-joined.json"))).event();
            assertThat(e.type()).isEqualTo(EventTypes.WEBINAR_JOINED);
            assertThat(e.email()).isEqualTo("ana.silva@example.com");
            assertThat(e.occurredAt()).isEqualTo(Instant.parse("2025-03-10T16:01:00Z"));
            assertThat(e.data()).containsOnly(entry("webinarId", "87654321012"),
                    entry("webinarTitle", "Scoring leads with events"), entry("source", "zoom"));
            assertThat(e.eventId()).isEqualTo(EventIds.of("zoom", "webinar.participant_joined",
                    "4444AAAiAAAAAiAiAiiAii==", "55BD1A4E-9A3B-4C2D-8E1F-000000000001", "1741622460000"));
        }

        @Test
        void participantLeftUsesLeaveTime() {
            AcceptedEvent e = ((ZoomOutcome.Accepted) ZOOM.handle(resource("zoom-participant-left.json"))).event();
            assertThat(e.type()).isEqualTo(EventTypes.WEBINAR_LEFT);
            assertThat(e.occurredAt()).isEqualTo(Instant.parse("2025-03-10T16:43:00Z"));
            AcceptedEvent joined = ((ZoomOutcome.Accepted) ZOOM.handle(resource("zoom-participant-joined.json"))).event();
            assertThat(e.eventId()).isNotEqualTo(joined.eventId());
        }

        @Test
        void participantTimeFallsBackToEventTs() {
            String body = new String(resource("zoom-participant-joined.json"), StandardCharsets.UTF_8)
                    .replace("\"join_time\": \"2025-03-10T16:01:00Z\",", "");
            AcceptedEvent e = ((ZoomOutcome.Accepted) ZOOM.handle(utf8(body))).event();
            assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochMilli(1741622460000L));
        }

        @Test
        void malformedJoinTimeIs400() {
            String body = new String(resource("zoom-participant-joined.json"), StandardCharsets.UTF_8)
                    .replace("2025-03-10T16:01:00Z", "yesterday");
            assertInvalid(() -> ZOOM.handle(utf8(body)), 400, "payload.object.participant.join_time", "ISO-8601");
        }

        @Test
        void participantWithoutEmailIsIgnored() {
            assertThat(ZOOM.handle(resource("zoom-participant-joined-no-email.json")))
                    .isEqualTo(new ZoomOutcome.Ignored("participant without a valid email"));
            String invalidEmail = new String(resource("zoom-participant-left.json"), StandardCharsets.UTF_8)
                    .replace("ana.silva@example.com", "ana.silva@[10.0.0.1]");
            assertThat(ZOOM.handle(utf8(invalidEmail))).isInstanceOf(ZoomOutcome.Ignored.class);
        }

        @Test
        void unknownEventsAreIgnored() {
            assertThat(ZOOM.handle(resource("zoom-meeting-started.json")))
                    .isEqualTo(new ZoomOutcome.Ignored("unsupported event type"));
        }

        @Test
        void bodiesThatAreNotTheDocumentedJsonAre400() {
            assertInvalid(() -> ZOOM.handle(utf8("[1,2]")), 400, "body", "must be a JSON object");
            assertInvalid(() -> ZOOM.handle(utf8("not json")), 400, "body", "malformed JSON");
            assertInvalid(() -> ZOOM.handle(utf8("{\"event\":\"webinar.participant_joined\"")), 400, "body",
                    "truncated JSON");
            assertInvalid(() -> ZOOM.handle(new byte[0]), 400, "body", "is empty");
            assertInvalid(() -> ZOOM.handle(utf8("{\"payload\":{}}")), 400, "event", "non-empty string");
            assertInvalid(() -> ZOOM.handle(utf8("{\"event\":\"webinar.participant_joined\",\"event_ts\":1}")), 400,
                    "payload", "must be an object");
            assertInvalid(() -> ZOOM.handle(utf8("{\"event\":\"webinar.participant_joined\",\"payload\":{}}")), 400,
                    "event_ts", "milliseconds");
            assertInvalid(() -> ZOOM.handle(utf8("{\"event\":\"webinar.participant_joined\",\"event_ts\":\"1\","
                    + "\"payload\":{}}")), 400, "event_ts", "milliseconds");
            assertInvalid(() -> ZOOM.handle(utf8("{\"event\":\"webinar.participant_joined\",\"event_ts\":1,"
                    + "\"payload\":{}}")), 400, "payload.object", "must be an object");
            assertInvalid(() -> ZOOM.handle(utf8("{\"event\":\"webinar.registration_created\",\"event_ts\":1,"
                    + "\"payload\":{\"object\":{\"id\":1}}}")), 400, "payload.object.registrant", "must be an object");
            assertInvalid(() -> ZOOM.handle(utf8("{\"event\":\"webinar.participant_joined\",\"event_ts\":1,"
                    + "\"payload\":{\"object\":{\"participant\":{\"email\":\"a@example.com\"}}}}")), 400,
                    "payload.object.id", "webinar id");
            assertInvalid(() -> ZOOM.handle(utf8("{\"event\":\"a\",\"event\":\"b\",\"payload\":{}}")), 400, "event",
                    "duplicate key");
        }

        @Test
        void oversizedBodyIs413() {
            assertInvalid(() -> ZOOM.handle(new byte[ZoomWebhooks.MAX_BODY_BYTES + 1]), 413, "body", "larger than");
        }
    }
}
