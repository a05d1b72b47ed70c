package com.leadqual.handoff;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * POSTs signed notifications with retries: exponential back-off with jitter between attempts, a short timeout per
 * attempt, each attempt signed afresh (its timestamp is the time it is sent). A 2xx is delivered; 408, 425, 429,
 * 5xx, timeouts and connection errors are retried; any other answer (4xx, or a redirect, which is not followed
 * with a body holding an email) is final.
 */
public final class WebhookSender {
    /**
     * @param attempts       attempts per notification and target, the first included
     * @param firstBackoff   wait before the second attempt; doubled before each next one
     * @param requestTimeout per attempt, from sending the request to the response headers
     */
    public record Policy(int attempts, Duration firstBackoff, Duration requestTimeout) {
        /** Three attempts over at most about 16 s: well inside the handoff function's timeout. */
        public static final Policy DEFAULT = new Policy(3, Duration.ofMillis(250), Duration.ofSeconds(5));

        public Policy {
            if (attempts < 1) {
                throw new IllegalArgumentException("at least one attempt");
            }
        }

        /** The longest {@code attempts} attempts can take: every one timing out, every back-off at its longest. */
        public Duration worstCase(int attempts) {
            Duration total = requestTimeout.multipliedBy(attempts);
            for (int i = 1; i < attempts; i++) {
                total = total.plus(firstBackoff.multipliedBy(1L << (i - 1)));
            }
            return total;
        }
    }

    /** How sending ended; {@code lastError} is null when delivered. */
    public record Result(boolean delivered, int attempts, String lastError) {
    }

    private final HttpClient client;
    private final byte[] secret;
    private final Clock clock;
    private final Policy policy;

    public WebhookSender(HttpClient client, byte[] secret, Clock clock, Policy policy) {
        this.client = client;
        this.secret = secret.clone();
        this.clock = clock;
        this.policy = policy;
    }

    /** A client for one container: short connect timeout, HTTP/1.1 and HTTP/2, redirects never followed. */
    public static HttpClient client() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public Policy policy() {
        return policy;
    }

    /** Sends with the policy's attempts. */
    public Result send(URI target, String deliveryId, String body) {
        return send(target, deliveryId, body, policy.attempts());
    }

    /** Sends with at most {@code attempts} attempts (fewer than the policy's for a target known to be down). */
    public Result send(URI target, String deliveryId, String body, int attempts) {
        String lastError = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1 && !pause(attempt)) {
                return new Result(false, attempt - 1, "interrupted; " + lastError);
            }
            long timestamp = clock.instant().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(target)
                    .timeout(policy.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "leadqual-handoff/1")
                    .header(WebhookSignature.DELIVERY_ID_HEADER, deliveryId)
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    return new Result(true, attempt, null);
                }
                lastError = "HTTP " + status;
                if (!retryable(status)) {
                    return new Result(false, attempt, lastError);
                }
            } catch (IOException e) {
                lastError = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(false, attempt, "interrupted");
            }
        }
        return new Result(false, attempts, lastError);
    }

    static boolean retryable(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }

    /** Waits before attempt {@code attempt} (2, 3, ...): half the doubled back-off plus up to as much again. */
    private boolean pause(int attempt) {
        long base = policy.firstBackoff().toMillis() << (attempt - 2);
        long millis = base / 2 + (base > 1 ? ThreadLocalRandom.current().nextLong(base / 2 + 1) : base);
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
