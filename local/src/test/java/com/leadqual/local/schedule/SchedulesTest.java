package com.leadqual.local.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SchedulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULE = "arn:aws:events:us-east-1:000000000000:rule/leadqual-local-FnDue";

    private record Call(String function, JsonNode event) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();

    private String invoke(String function, byte[] event) throws Exception {
        calls.add(new Call(function, JSON.readTree(new String(event, StandardCharsets.UTF_8))));
        return "{\"done\":true}";
    }

    private static Schedules.Schedule schedule(String event, String expression, boolean enabled, String input) {
        return new Schedules.Schedule("Fn", event, ScheduleExpression.parse(expression), enabled, input, RULE);
    }

    @Test
    void theScheduledEventHasEventBridgesShape() throws Exception {
        JsonNode sample = JSON.readTree(Path.of("..", "events", "schedule-rescore-due.json").toFile());
        JsonNode event = JSON.readTree(Schedules.scheduledEvent(RULE, Instant.parse("2026-11-23T19:00:00.123Z"),
                "89d1a02d-5ec7-412e-82f5-13505f849b41"));

        Set<String> sampleFields = new TreeSet<>();
        sample.fieldNames().forEachRemaining(sampleFields::add);
        Set<String> fields = new TreeSet<>();
        event.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).isEqualTo(sampleFields);
        for (String same : List.of("version", "id", "detail-type", "source", "time", "region", "detail")) {
            assertThat(event.get(same)).as(same).isEqualTo(sample.get(same));
        }
        assertThat(event.path("account").asText()).isEqualTo("000000000000");
        assertThat(event.path("resources")).extracting(JsonNode::asText).containsExactly(RULE);
    }

    @Test
    void firingRunsAnyScheduleEnabledOrNotWithItsInputOrTheScheduledEvent() throws Exception {
        Schedules schedules = new Schedules(List.of(schedule("Due", "rate(15 minutes)", true, null),
                schedule("RulesChanged", "rate(1 day)", false, "{\"mode\": \"rules-changed\"}")), this::invoke,
                Clock.systemUTC(), log::add);

        assertThat(schedules.fire("Fn.RulesChanged")).isEqualTo("{\"done\":true}");
        schedules.fire("Fn.Due");

        assertThat(calls.get(0).event()).isEqualTo(JSON.readTree("{\"mode\": \"rules-changed\"}"));
        assertThat(calls.get(1).event().path("detail-type").asText()).isEqualTo("Scheduled Event");
        assertThatThrownBy(() -> schedules.fire("Fn.Nope")).hasMessageContaining("Fn.Due, Fn.RulesChanged");
        schedules.close();
    }

    @Test
    void enabledSchedulesTickAtTheirTimeAndDisabledOnesNever() throws Exception {
        // A clock half a second before the next whole minute, so a once-a-minute cron ticks in half a second.
        Instant now = Instant.now();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(now, minute).minusMillis(500));
        Schedules schedules = new Schedules(List.of(schedule("EveryMinute", "cron(* * * * ? *)", true, null),
                schedule("Off", "cron(* * * * ? *)", false, "{\"off\":true}")), this::invoke, clock, log::add);
        schedules.start();
        Instant expectedTick = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));

        assertThat(schedules.nextTick("Fn.EveryMinute")).isEqualTo(expectedTick);
        assertThat(schedules.nextTick("Fn.Off")).isNull();
        long deadline = System.currentTimeMillis() + 5_000;
        while (calls.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        schedules.close();

        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).event().path("time").asText()).isEqualTo(expectedTick.toString());
        assertThat(calls).noneMatch(c -> c.event().has("off"));
    }

    @Test
    void aFailedScheduledInvocationIsReported() throws Exception {
        Instant now = Instant.now();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(now, minute).minusMillis(300));
        Schedules schedules = new Schedules(List.of(schedule("EveryMinute", "cron(* * * * ? *)", true, null)),
                (fn, event) -> {
                    throw new IllegalStateException("boom");
                }, clock, log::add);
        schedules.start();
        long deadline = System.currentTimeMillis() + 5_000;
        while (log.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        schedules.close();

        assertThat(log).singleElement().asString().contains("Fn.EveryMinute").contains("boom");
    }
}
