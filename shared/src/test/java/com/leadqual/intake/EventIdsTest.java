package com.leadqual.intake;

import static com.leadqual.intake.TestSupport.JSON;
import static com.leadqual.intake.TestSupport.assertInvalid;
import static com.leadqual.intake.TestSupport.jsonOf;
import static com.leadqual.intake.TestSupport.validForm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadqual.scoring.EventTypes;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventIdsTest {
    private static final Instant MONDAY_9 = Instant.parse("2025-03-10T09:00:00Z");

    private static FormSubmission form(String... overrides) {
        return FormSubmissions.parse(JSON, jsonOf(validForm(overrides)));
    }

    @Test
    void idsAre32LowerHexAndMatchAnIndependentEncoding() throws Exception {
        String id = EventIds.of("ns", "ab", "c");
        assertThat(id).matches("[0-9a-f]{32}");
        // 4-byte big-endian length + UTF-8 bytes per part, namespace first.
        byte[] encoded = {0, 0, 0, 2, 'n', 's', 0, 0, 0, 2, 'a', 'b', 0, 0, 0, 1, 'c'};
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(encoded);
        assertThat(id).isEqualTo(java.util.HexFormat.of().formatHex(Arrays.copyOf(digest, 16)));
    }

    @Test
    void encodingIsInjectiveAndNamespaced() {
        assertThat(EventIds.of("ns", "ab", "c")).isNotEqualTo(EventIds.of("ns", "a", "bc"))
                .isNotEqualTo(EventIds.of("ns", "abc")).isNotEqualTo(EventIds.of("nsab", "c"))
                .isNotEqualTo(EventIds.of("ns", "ab", "c", ""));
        assertThat(EventIds.of("ns", (String) null)).isNotEqualTo(EventIds.of("ns", ""));
        assertThat(EventIds.of(EventIds.FORM_KEY, "k-1")).isNotEqualTo(EventIds.of(EventIds.FORM_SUBMISSION, "k-1"))
                .isNotEqualTo(EventIds.of(EventIds.WEBINAR, "k-1"));
        assertThat(EventIds.of("ns", "a", "b")).isEqualTo(EventIds.of("ns", "a", "b"));
    }

    @Test
    void sameFormContentSameDayIsTheSameEvent() {
        AcceptedEvent first = form("company", "Acme").toEvent(null, MONDAY_9);
        AcceptedEvent retry = form("company", "Acme").toEvent(null, MONDAY_9.plusSeconds(3 * 3600));
        assertThat(retry.eventId()).isEqualTo(first.eventId());
        assertThat(retry.occurredAt()).isNotEqualTo(first.occurredAt());
    }

    @Test
    void fieldOrderAndFormattingDoNotMatterButContentDoes() {
        byte[] a = TestSupport.utf8("{\"email\":\"Lead@Example.com\",\"formType\":\"demo_request\",\"company\":\"Acme\"}");
        byte[] b = TestSupport.utf8("{ \"company\" : \" Acme \",\n \"formType\":\"DEMO_REQUEST\", \"email\":\"lead@example.com\"}");
        assertThat(FormSubmissions.parse(JSON, a).toEvent(null, MONDAY_9).eventId())
                .isEqualTo(FormSubmissions.parse(JSON, b).toEvent(null, MONDAY_9).eventId());
        assertThat(form("company", "Acme").toEvent(null, MONDAY_9).eventId())
                .isNotEqualTo(form("company", "Acme Inc").toEvent(null, MONDAY_9).eventId())
                .isNotEqualTo(form("company", "Acme", "email", "other@example.com").toEvent(null, MONDAY_9).eventId())
                .isNotEqualTo(form("company", "Acme", "formType", "newsletter").toEvent(null, MONDAY_9).eventId());
    }

    @Test
    void sameFormOnAnotherUtcDayIsNew() {
        Instant lateMonday = Instant.parse("2025-03-10T23:59:59Z");
        Instant earlyTuesday = Instant.parse("2025-03-11T00:00:00Z");
        assertThat(form().toEvent(null, lateMonday).eventId()).isEqualTo(form().toEvent(null, MONDAY_9).eventId())
                .isNotEqualTo(form().toEvent(null, earlyTuesday).eventId());
        assertThat(form().toEvent(null, MONDAY_9.plusSeconds(7 * 86400)).eventId())
                .isNotEqualTo(form().toEvent(null, MONDAY_9).eventId());
    }

    @Test
    void idempotencyKeyWinsOverSubmissionIdWhichWinsOverContent() {
        FormSubmission withSubmissionId = form("submissionId", "sub-12345678");
        AcceptedEvent keyed = withSubmissionId.toEvent("key-1", MONDAY_9);
        assertThat(keyed.eventId()).isEqualTo(EventIds.of("form-key", "key-1"));
        // The key alone decides: other content, other day, same key -> same id.
        assertThat(form("company", "Other").toEvent("key-1", MONDAY_9.plusSeconds(9 * 86400)).eventId())
                .isEqualTo(keyed.eventId());
        AcceptedEvent bySubmission = withSubmissionId.toEvent(null, MONDAY_9);
        assertThat(bySubmission.eventId()).isEqualTo(EventIds.of("form-submission", "sub-12345678"));
        assertThat(form("submissionId", "sub-12345678", "company", "X").toEvent(null, MONDAY_9.plusSeconds(86400))
                .eventId()).isEqualTo(bySubmission.eventId());
        assertThat(withSubmissionId.toEvent("   ", MONDAY_9).eventId()).isEqualTo(bySubmission.eventId());
        // The same string as key and as submission id does not collide: namespaces differ.
        assertThat(form().toEvent("sub-12345678", MONDAY_9).eventId()).isNotEqualTo(bySubmission.eventId());
    }

    @Test
    void idempotencyKeyMustBePrintableAscii() {
        for (String bad : new String[] {"has space", "tab\tkey", "ключ", "k".repeat(256)}) {
            assertInvalid(() -> form().toEvent(bad, MONDAY_9), 400, "Idempotency-Key", "printable ASCII");
        }
        assertThat(form().toEvent("k".repeat(255), MONDAY_9).eventId()).hasSize(32);
    }

    @Test
    void formEventCarriesFormTypeSourceAndFields() {
        AcceptedEvent e = form("company", "Acme", "consent", "yes").toEvent(null, MONDAY_9);
        assertThat(e.type()).isEqualTo(EventTypes.FORM_SUBMITTED);
        assertThat(e.email()).isEqualTo("lead@example.com");
        assertThat(e.occurredAt()).isEqualTo(MONDAY_9);
        assertThat(e.data()).containsExactly(Map.entry("company", "Acme"), Map.entry("consent", "true"),
                Map.entry("formType", "demo_request"), Map.entry("source", "form"));
        assertThat(AcceptedEvent.DATA_KEYS).containsAll(e.data().keySet());
    }

    @Test
    void acceptedEventGuardsItsInvariants() {
        String id = EventIds.of("x", "y");
        Map<String, String> ok = Map.of("source", "form");
        assertThatThrownBy(() -> new AcceptedEvent("Not Normalized@example.com", id, EventTypes.FORM_SUBMITTED, MONDAY_9, ok))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AcceptedEvent("a@example.com", "ABC", EventTypes.FORM_SUBMITTED, MONDAY_9, ok))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AcceptedEvent("a@example.com", id, "page_view", MONDAY_9, ok))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AcceptedEvent("a@example.com", id, EventTypes.FORM_SUBMITTED, MONDAY_9,
                Map.of("redirect", "https://x.example"))).isInstanceOf(IllegalArgumentException.class);
        Map<String, String> blank = new HashMap<>();
        blank.put("company", " ");
        assertThatThrownBy(() -> new AcceptedEvent("a@example.com", id, EventTypes.FORM_SUBMITTED, MONDAY_9, blank))
                .isInstanceOf(IllegalArgumentException.class);
        Map<String, String> mutable = new HashMap<>(ok);
        AcceptedEvent e = new AcceptedEvent("a@example.com", id, EventTypes.FORM_SUBMITTED, MONDAY_9, mutable);
        mutable.put("company", "Later");
        assertThat(e.data()).containsOnlyKeys("source");
        assertThatThrownBy(() -> e.data().put("company", "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(e.toString()).doesNotContain("a@example.com").contains(Emails.redact("a@example.com"));
    }
}
