package com.leadqual.intake;

import static com.leadqual.intake.TestSupport.JSON;
import static com.leadqual.intake.TestSupport.assertInvalid;
import static com.leadqual.intake.TestSupport.invalid;
import static com.leadqual.intake.TestSupport.json;
import static com.leadqual.intake.TestSupport.resource;
import static com.leadqual.intake.TestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.leadqual.scoring.EventTypes;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebinarEventsTest {
    private static final Instant RECEIVED = Instant.parse("2025-03-01T16:05:00Z");

    private static AcceptedEvent parse(byte[] body) {
        return WebinarEvents.parse(JSON, body, RECEIVED);
    }

    /** A valid "registered" body with overrides (later keys replace earlier ones; no duplicate keys). */
    private static byte[] registered(Object... more) {
        java.util.Map<Object, Object> m = new java.util.LinkedHashMap<>();
        m.put("email", "lead@example.com");
        m.put("event", "registered");
        m.put("webinarId", "wb-1");
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return json(m.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray());
    }

    @Test
    void attendedSample() {
        AcceptedEvent e = parse(resource("webinar-attended.json"));
        assertThat(e.email()).isEqualTo("sam@example.org");
        assertThat(e.type()).isEqualTo(EventTypes.WEBINAR_ATTENDED);
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2025-03-01T16:00:00Z"));
        assertThat(e.eventId()).isEqualTo(EventIds.of(EventIds.WEBINAR, "evt-123"));
        assertThat(e.data()).containsOnly(entry("webinarId", "wb-2025-03"),
                entry("webinarTitle", "Scoring leads with events"), entry("minutes", "42"), entry("company", "Initech"),
                entry("companySize", "250"), entry("consent", "true"), entry("source", "webinar"));
    }

    @ParameterizedTest
    @CsvSource({"registered," + EventTypes.WEBINAR_REGISTERED, "no_show," + EventTypes.WEBINAR_NO_SHOW,
            "question_asked," + EventTypes.WEBINAR_QUESTION_ASKED})
    void eventsMapToTypes(String event, String type) {
        AcceptedEvent e = parse(json("email", "a@example.com", "event", event, "webinarId", "w"));
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.occurredAt()).isEqualTo(RECEIVED);
        assertThat(e.data()).containsOnly(entry("webinarId", "w"), entry("source", "webinar"));
    }

    @Test
    void requiredFields() {
        InvalidInput e = invalid(() -> parse(json("webinarTitle", "t")));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.errors()).containsExactly(new FieldError("email", "is required"),
                new FieldError("event", "is required"), new FieldError("webinarId", "is required"));
    }

    @Test
    void unknownEventIsRejected() {
        assertInvalid(() -> parse(json("email", "a@example.com", "event", "joined", "webinarId", "w")), 400, "event",
                "must be one of attended, no_show, question_asked, registered");
        assertInvalid(() -> parse(json("email", "a@example.com", "event", "Registered", "webinarId", "w")), 400,
                "event", "must be one of");
    }

    @Test
    void minutesRequiredForAttendedAndForbiddenOtherwise() {
        assertInvalid(() -> parse(json("email", "a@example.com", "event", "attended", "webinarId", "w")), 400,
                "minutes", "is required");
        assertInvalid(() -> parse(registered("minutes", 10)), 400, "minutes", "only allowed when event is attended");
        for (Object bad : new Object[] {-1, 1441, 12.5, "\"ten\"", "\"1e2\"", 99999999999L}) {
            byte[] body = utf8("{\"email\":\"a@example.com\",\"event\":\"attended\",\"webinarId\":\"w\",\"minutes\":"
                    + bad + "}");
            assertInvalid(() -> parse(body), 400, "minutes", "between 0 and 1440");
        }
        assertThat(parse(json("email", "a@example.com", "event", "attended", "webinarId", "w", "minutes", 0)).data())
                .containsEntry("minutes", "0");
        assertThat(parse(json("email", "a@example.com", "event", "attended", "webinarId", "w", "minutes", "1440"))
                .data()).containsEntry("minutes", "1440");
    }

    @Test
    void lengthLimits() {
        assertThat(parse(registered("webinarId", "w".repeat(128))).data()).containsEntry("webinarId", "w".repeat(128));
        byte[] tooLongId = json("email", "a@example.com", "event", "registered", "webinarId", "w".repeat(129));
        assertInvalid(() -> parse(tooLongId), 400, "webinarId", "longer than 128");
        assertInvalid(() -> parse(registered("webinarTitle", "t".repeat(201))), 400, "webinarTitle", "longer than 200");
        assertInvalid(() -> parse(registered("eventId", "e".repeat(129))), 400, "eventId", "longer than 128");
    }

    @Test
    void occurredAtRules() {
        assertThat(parse(registered("occurredAt", "2025-03-01T17:00:00+01:00")).occurredAt())
                .isEqualTo(Instant.parse("2025-03-01T16:00:00Z"));
        assertThat(parse(registered("occurredAt", RECEIVED.plus(Duration.ofMinutes(5)).toString())).occurredAt())
                .isEqualTo(RECEIVED.plus(Duration.ofMinutes(5)));
        assertInvalid(() -> parse(registered("occurredAt", RECEIVED.plus(Duration.ofMinutes(6)).toString())), 400,
                "occurredAt", "more than 5 minutes in the future");
        assertThat(parse(registered("occurredAt", "2024-03-01T16:05:00Z")).occurredAt())
                .isEqualTo(Instant.parse("2024-03-01T16:05:00Z"));
        assertInvalid(() -> parse(registered("occurredAt", "2024-03-01T16:04:59Z")), 400, "occurredAt",
                "more than one year in the past");
        for (String bad : new String[] {"yesterday", "2025-03-01", "2025-03-01T16:00:00", "1740844800", "2025-13-01T00:00:00Z"}) {
            assertInvalid(() -> parse(registered("occurredAt", bad)), 400, "occurredAt", "ISO-8601");
        }
    }

    @Test
    void profileFieldsAndConsentFollowFormRules() {
        AcceptedEvent e = parse(registered("companySize", "51-200", "country", "fr", "industry", "Retail",
                "consent", "no", "pageUrl", "https://ignored.example.com", "firstName", " Zoé "));
        assertThat(e.data()).contains(entry("companySize", "51"), entry("country", "FR"), entry("industry", "retail"),
                entry("consent", "false"), entry("firstName", "Zoé")).doesNotContainKey("pageUrl");
        InvalidInput bad = invalid(() -> parse(registered("country", "XX", "phone", "abc", "consent", "maybe",
                "email", "x")));
        assertThat(bad.errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("country", "phone", "consent", "email");
    }

    @Test
    void idFromProviderEventIdElseContent() {
        AcceptedEvent withId = parse(registered("eventId", "p-1"));
        assertThat(withId.eventId()).isEqualTo(EventIds.of("webinar", "p-1"));
        // Without eventId and occurredAt, a retry is the same event even though it is received later.
        AcceptedEvent a = WebinarEvents.parse(JSON, registered(), RECEIVED);
        AcceptedEvent b = WebinarEvents.parse(JSON, registered(), RECEIVED.plusSeconds(30));
        assertThat(a.eventId()).isEqualTo(b.eventId()).isNotEqualTo(withId.eventId());
        assertThat(a.occurredAt()).isNotEqualTo(b.occurredAt());
        // A different occurredAt, webinar or email is a different event.
        assertThat(parse(registered("occurredAt", "2025-03-01T10:00:00Z")).eventId())
                .isNotEqualTo(parse(registered("occurredAt", "2025-03-01T11:00:00Z")).eventId())
                .isNotEqualTo(a.eventId());
        assertThat(parse(json("email", "b@example.com", "event", "registered", "webinarId", "wb-1")).eventId())
                .isNotEqualTo(a.eventId());
        assertThat(parse(json("email", "lead@example.com", "event", "no_show", "webinarId", "wb-1")).eventId())
                .isNotEqualTo(a.eventId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"})
    void onlyJson(String contentType) {
        assertThat(invalid(() -> WebinarEvents.parse(contentType, registered(), RECEIVED)).status()).isEqualTo(415);
    }

    @Test
    void sameJsonStrictnessAndSizeLimitAsForms() {
        assertInvalid(() -> parse(utf8("{\"email\":\"a@example.com\",\"event\":\"registered\",\"webinarId\":\"w\","
                + "\"webinarId\":\"v\"}")), 400, "webinarId", "duplicate key");
        assertInvalid(() -> parse(utf8("{\"email\":\"a@example.com\",\"event\":[\"registered\"],\"webinarId\":\"w\"}")),
                400, "event", "not an array");
        assertInvalid(() -> parse(utf8("{\"email\":\"a@example.com\",")), 400, "body", "truncated JSON");
        assertInvalid(() -> parse(new byte[WebinarEvents.MAX_BODY_BYTES + 1]), 413, "body", "larger than");
    }
}
