package com.leadqual.local.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The template's {@code Schedule} events as EventBridge runs them: each enabled schedule invokes its function
 * asynchronously at every tick with the scheduled-event JSON (or the event's constant {@code Input}); any
 * schedule, enabled or not, can be fired now.
 */
public final class Schedules implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One schedule of a function.
     *
     * @param input   the template's constant {@code Input} JSON, or null for the scheduled event
     * @param ruleArn the ARN the scheduled event names in {@code resources}
     */
    public record Schedule(String functionId, String eventName, ScheduleExpression expression, boolean enabled,
            String input, String ruleArn) {
        /** How {@code ./run fire} names it: {@code Function.Event}. */
        public String id() {
            return functionId + "." + eventName;
        }
    }

    /** Invokes a function with an event and returns its response; throws when the function failed. */
    @FunctionalInterface
    public interface Invoker {
        String invoke(String functionId, byte[] event) throws Exception;
    }

    private final Map<String, Schedule> byId = new LinkedHashMap<>();
    private final Map<String, Instant> next = new LinkedHashMap<>();
    private final Invoker invoker;
    private final Clock clock;
    private final Consumer<String> log;
    private final ScheduledExecutorService ticker;
    private final ExecutorService invocations;

    public Schedules(List<Schedule> schedules, Invoker invoker, Clock clock, Consumer<String> log) {
        schedules.forEach(s -> byId.put(s.id(), s));
        this.invoker = invoker;
        this.clock = clock;
        this.log = log;
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("schedules"));
        // Asynchronous like EventBridge's invocations: a slow function never delays another schedule's tick.
        this.invocations = Executors.newCachedThreadPool(daemon("schedule-invoke"));
    }

    public List<Schedule> all() {
        return List.copyOf(byId.values());
    }

    /** The next tick of an enabled schedule, or null when disabled or never again. */
    public synchronized Instant nextTick(String id) {
        return next.get(id);
    }

    /** Starts ticking every enabled schedule, rates counted from now. */
    public synchronized void start() {
        Instant now = clock.instant();
        for (Schedule s : byId.values()) {
            if (!s.enabled()) {
                continue;
            }
            ScheduleExpression e = s.expression() instanceof ScheduleExpression.Rate r ? r.from(now) : s.expression();
            byId.put(s.id(), new Schedule(s.functionId(), s.eventName(), e, true, s.input(), s.ruleArn()));
            arm(s.id(), e.nextAfter(now));
        }
    }

    private void arm(String id, Instant at) {
        next.put(id, at);
        if (at == null) {
            return;
        }
        long delay = Math.max(0, at.toEpochMilli() - clock.millis());
        ticker.schedule(() -> tick(id, at), delay, TimeUnit.MILLISECONDS);
    }

    private synchronized void tick(String id, Instant at) {
        Schedule s = byId.get(id);
        invocations.submit(() -> {
            try {
                invoker.invoke(s.functionId(), event(s, at));
            } catch (Exception e) {
                // EventBridge would retry the asynchronous invocation; locally it is reported and the next tick comes.
                log.accept("schedule " + id + " at " + at + ": the invocation failed: " + e.getMessage());
            }
        });
        arm(id, s.expression().nextAfter(at));
    }

    /**
     * Invokes the schedule's function now, synchronously, with the event a tick would send.
     *
     * @throws IllegalArgumentException for an unknown schedule, naming the known ones
     */
    public String fire(String id) throws Exception {
        Schedule s = byId.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no schedule '" + id + "'; schedules: " + String.join(", ", byId.keySet()));
        }
        return invoker.invoke(s.functionId(), event(s, clock.instant()));
    }

    /** The template's Input as is, else EventBridge's scheduled event for a tick at {@code time}. */
    static byte[] event(Schedule s, Instant time) {
        if (s.input() != null) {
            return s.input().getBytes(StandardCharsets.UTF_8);
        }
        return scheduledEvent(s.ruleArn(), time, UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8);
    }

    /** The event EventBridge sends for a schedule: {@code time} in whole seconds, {@code detail} empty. */
    public static String scheduledEvent(String ruleArn, Instant time, String id) {
        String[] arn = ruleArn.split(":");
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", id);
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", arn[4]);
        event.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", arn[3]);
        event.putArray("resources").add(ruleArn);
        event.putObject("detail");
        return event.toString();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        invocations.shutdownNow();
    }
}
