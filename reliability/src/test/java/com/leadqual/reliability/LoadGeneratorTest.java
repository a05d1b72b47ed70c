package com.leadqual.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.leadqual.intake.AcceptedEvent;
import com.leadqual.intake.FormSubmissions;
import com.leadqual.intake.WebinarEvents;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {
    private static final LoadGenerator.Settings SETTINGS = LoadGenerator.Settings.of(
            Options.parse(new String[] {"--webinars", "0.3", "--urlencoded", "0.5"}, LoadGenerator.OPTIONS));

    /**
     * The verifier traces stored events to requests by the id the generator derives before sending: it must be
     * the id the service's own parsing derives from the same headers and body, for every kind of request.
     */
    @Test
    void everyPlannedEventIdIsTheOneTheServiceDerivesFromTheRequest() {
        Random random = new Random(7);
        Set<LoadRecord.Kind> seen = EnumSet.noneOf(LoadRecord.Kind.class);
        for (int seq = 0; seq < 300; seq++) {
            LoadGenerator.Planned p = LoadGenerator.newEvent(seq, "test", random.nextInt(50), -1, random, SETTINGS);
            byte[] body = p.body().getBytes(StandardCharsets.UTF_8);
            AcceptedEvent event = p.path().equals("/webinars")
                    ? WebinarEvents.parse(p.contentType(), body, Instant.now())
                    : FormSubmissions.parse(p.contentType(), body).toEvent(p.idempotencyKey(), Instant.now());
            assertThat(event.eventId()).as(p.body()).isEqualTo(p.eventId());
            assertThat(event.email()).isEqualTo(LoadGenerator.email(p.lead()));
            seen.add(p.kind());
        }
        assertThat(seen).containsExactlyInAnyOrder(LoadRecord.Kind.values());
    }

    @Test
    void aReplayIsSentWithTheSameHeadersAndBody() {
        LoadGenerator.Planned p = LoadGenerator.newEvent(1, "test", 3, -1, new Random(1), SETTINGS);
        var first = LoadGenerator.request(URI.create("http://127.0.0.1:1"), p);
        var again = LoadGenerator.request(URI.create("http://127.0.0.1:1"), new LoadGenerator.Planned(2, p.kind(),
                p.lead(), p.eventId(), p.seq(), -1, p.path(), p.contentType(), p.idempotencyKey(), p.body()));
        assertThat(again.headers().map()).isEqualTo(first.headers().map());
        assertThat(again.uri()).isEqualTo(first.uri());
    }

    @Test
    void aRecordSurvivesItsLineInTheRequestsFile() throws Exception {
        LoadRecord r = new LoadRecord(4, LoadRecord.Kind.WEBINAR, 9, "abc", 1, 2, 10, 20, 300, 0, false, null,
                false, "HttpTimeoutException");
        assertThat(LoadRecord.fromJson(r.toJson())).isEqualTo(r);
        Path file = Path.of("target", "load-record-test.jsonl");
        LoadRecord.write(file, java.util.List.of(r, r));
        assertThat(LoadRecord.read(file)).containsExactly(r, r);
    }
}
