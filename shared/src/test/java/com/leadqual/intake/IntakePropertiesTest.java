package com.leadqual.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class IntakePropertiesTest {
    private static final Instant NOW = Instant.parse("2025-03-10T16:00:00Z");
    private static final ZoomWebhooks ZOOM = new ZoomWebhooks("s".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5));

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.oneOf(
                Arbitraries.of("application/json", "application/x-www-form-urlencoded",
                        "application/json; charset=utf-8", "text/plain", "multipart/form-data; boundary=x", "", "a/b;"),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.just((String) null));
    }

    /** Bytes that are sometimes near-valid JSON or urlencoded so parsing gets past the first character. */
    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> jsonish = Arbitraries.strings().withChars("{}[]\":,@. \\u0aezEemail0-9+%&=\n")
                .ofMaxLength(120).map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.of(
                        "{\"email\":\"a@example.com\",\"formType\":\"newsletter\",\"companySize\":\"51-200\"}",
                        "email=a%40example.com&formType=newsletter&consent=on&country=de",
                        "{\"email\":\"a@example.com\",\"event\":\"attended\",\"webinarId\":\"w\",\"minutes\":5}"),
                Arbitraries.integers().between(0, 80), Arbitraries.bytes())
                .as((s, i, b) -> {
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    bytes[Math.min(i, bytes.length - 1)] = b;
                    return bytes;
                });
        return Arbitraries.oneOf(random, jsonish, mutated);
    }

    @Property(tries = 1500)
    void parsersOnlyEverThrowInvalidInput(@ForAll("contentTypes") String contentType, @ForAll("bodies") byte[] body) {
        onlyInvalidInput(() -> FormSubmissions.parse(contentType, body));
        onlyInvalidInput(() -> WebinarEvents.parse(contentType, body, NOW));
        onlyInvalidInput(() -> ZOOM.handle(body));
        onlyInvalidInput(() -> ZOOM.verify(contentType, contentType, body, NOW));
    }

    @Property(tries = 500)
    void parsersOnlyEverThrowInvalidInputForArbitraryJsonStrings(@ForAll @StringLength(max = 200) String s) {
        byte[] asJsonString = TestSupport.utf8(s);
        onlyInvalidInput(() -> FormSubmissions.parse("application/json", asJsonString));
        onlyInvalidInput(() -> FormSubmissions.parse("application/x-www-form-urlencoded", asJsonString));
        byte[] asValues = TestSupport.json("email", s, "formType", s, "companySize", s, "country", s,
                "phone", s, "consent", s, "pageUrl", s, "submissionId", s, "redirect", s, "event", s, "webinarId", s,
                "occurredAt", s, "minutes", s);
        onlyInvalidInput(() -> FormSubmissions.parse("application/json", asValues));
        onlyInvalidInput(() -> WebinarEvents.parse("application/json", asValues, NOW));
    }

    private static void onlyInvalidInput(Runnable call) {
        try {
            call.run();
        } catch (InvalidInput expected) {
            assertThat(expected.status()).isIn(400, 401, 413, 415);
            assertThat(expected.errors()).isNotEmpty();
        }
    }

    @Provide
    Arbitrary<String> emails() {
        Arbitrary<String> local = Arbitraries.strings().withChars("abcxyz0129.+_-'").ofMinLength(1).ofMaxLength(20)
                .filter(s -> !s.startsWith(".") && !s.endsWith(".") && !s.contains(".."));
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefxyz0189-").ofMinLength(1).ofMaxLength(12)
                .filter(s -> !s.startsWith("-") && !s.endsWith("-"));
        Arbitrary<String> tld = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(6);
        return Combinators.combine(local, label.list().ofMinSize(1).ofMaxSize(3), tld)
                .as((l, labels, t) -> l + "@" + String.join(".", labels) + "." + t);
    }

    @Provide
    Arbitrary<Map<String, String>> validForms() {
        Arbitrary<String> name = Arbitraries.strings().alpha().withChars(" -'éü").ofMinLength(1).ofMaxLength(100)
                .filter(s -> !s.isBlank());
        Arbitrary<String> size = Arbitraries.longs().between(1, 10_000_000).map(n -> Long.toString(n));
        Arbitrary<String> country = Arbitraries.of(java.util.Locale.getISOCountries());
        Arbitrary<String> formType = Arbitraries.of(com.leadqual.scoring.EventFields.FormTypes.ALL);
        Arbitrary<String> consent = Arbitraries.of("true", "false");
        return Combinators.combine(emails(), formType, name.injectNull(0.3), size.injectNull(0.3),
                country.injectNull(0.3), consent).as((email, type, first, sz, c, consent2) -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("email", email);
                    m.put("formType", type);
                    if (first != null) {
                        m.put("firstName", first.strip());
                    }
                    if (sz != null) {
                        m.put("companySize", sz);
                    }
                    if (c != null) {
                        m.put("country", c);
                    }
                    m.put("consent", consent2);
                    return m;
                });
    }

    @Property(tries = 300)
    void validFormsRoundTripThroughJsonAndUrlencoded(@ForAll("validForms") Map<String, String> form) {
        for (FormSubmission s : new FormSubmission[] {
                FormSubmissions.parse("application/json", TestSupport.jsonOf(form)),
                FormSubmissions.parse("application/x-www-form-urlencoded", TestSupport.urlencodedOf(form))}) {
            assertThat(s.email()).isEqualTo(form.get("email"));
            assertThat(s.formType()).isEqualTo(form.get("formType"));
            Map<String, String> expected = new LinkedHashMap<>(form);
            expected.remove("email");
            expected.remove("formType");
            expected.values().removeIf(String::isEmpty);
            assertThat(s.data()).isEqualTo(expected);
            assertThat(s.honeypotTripped()).isFalse();
            AcceptedEvent e = s.toEvent(null, NOW);
            assertThat(e.eventId()).isEqualTo(s.toEvent(null, NOW.plusSeconds(60)).eventId());
        }
    }

    @Property(tries = 500)
    void validEmailsAreAcceptedAndRedactionNeverContainsThem(@ForAll("emails") String email) {
        assertThat(Emails.problem(email)).isEmpty();
        String redacted = Emails.redact(email);
        assertThat(redacted).matches("lead#[0-9a-f]{12}").doesNotContain(email)
                .doesNotContain(email.substring(0, email.indexOf('@')) + "@")
                .doesNotContain(email.substring(email.indexOf('@')));
    }

    @Property(tries = 300)
    void redactNeverContainsArbitraryInput(@ForAll @StringLength(min = 13, max = 80) String anything) {
        assertThat(Emails.redact(anything)).doesNotContain(anything).hasSize(17);
    }

    @Property(tries = 300)
    void eventIdsAreDeterministicAndPartBoundariesMatter(@ForAll @Size(max = 4) java.util.List<@StringLength(max = 8) String> parts,
            @ForAll @StringLength(max = 8) String extra) {
        String[] array = parts.toArray(String[]::new);
        assertThat(EventIds.of("ns", array)).isEqualTo(EventIds.of("ns", array.clone())).matches("[0-9a-f]{32}");
        java.util.List<String> joined = new java.util.ArrayList<>(parts);
        joined.add(extra);
        assertThat(EventIds.of("ns", joined)).isNotEqualTo(EventIds.of("ns", parts));
        assertThat(EventIds.of("ns", array)).isNotEqualTo(EventIds.of("other", array));
    }
}
