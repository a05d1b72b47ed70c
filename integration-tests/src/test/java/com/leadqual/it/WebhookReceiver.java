package com.leadqual.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A CRM webhook on loopback that does what docs/STREAM.md asks of a receiver, written from the doc rather than
 * from the sender's code: it checks the timestamp window and the HMAC (constant-time) of every request, refuses
 * bad ones with 401, and acts once per delivery id (a repeated id is answered 200 and counted as a duplicate).
 */
final class WebhookReceiver implements AutoCloseable {
    static final long TOLERANCE_SECONDS = 300;

    /**
     * One request that passed the signature check, the status it was answered with, and whether it was acted on
     * (answered 2xx with a delivery id not seen before).
     */
    record Delivery(String deliveryId, long timestamp, String body, int status, boolean actedOn) {
        JsonNode json() {
            return ApiEvents.parse(body);
        }
    }

    private final byte[] secret;
    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    /** 2xx requests per delivery id; only the first is acted on. */
    private final Map<String, AtomicInteger> actedOn = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile int status = 200;

    WebhookReceiver(String secret) throws IOException {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/crm/leadqual", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/crm/leadqual");
    }

    /** From now on, answer every request that passes the checks with {@code status} (and act on none if not 2xx). */
    void answer(int status) {
        this.status = status;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byte[] body = exchange.getRequestBody().readAllBytes();
        String id = exchange.getRequestHeaders().getFirst("X-Leadqual-Delivery-Id");
        String timestamp = exchange.getRequestHeaders().getFirst("X-Leadqual-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("X-Leadqual-Signature");
        if (!"POST".equals(exchange.getRequestMethod()) || id == null || !signedRecently(timestamp, signature, body)) {
            refused.incrementAndGet();
            respond(exchange, 401);
            return;
        }
        int answer = status;
        boolean act = false;
        if (answer >= 200 && answer < 300) {
            AtomicInteger count = actedOn.computeIfAbsent(id, k -> new AtomicInteger());
            act = count.getAndIncrement() == 0;
        }
        deliveries.add(new Delivery(id, Long.parseLong(timestamp), new String(body, StandardCharsets.UTF_8), answer,
                act));
        respond(exchange, answer);
    }

    private boolean signedRecently(String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null || !timestamp.matches("[0-9]{1,12}")) {
            return false;
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    signature.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** Every request that passed the checks, in arrival order (duplicates included). */
    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The requests acted on: the first of each delivery id answered 2xx. */
    List<Delivery> actedOn() {
        return deliveries.stream().filter(Delivery::actedOn).toList();
    }

    /** How many 2xx requests each delivery id got (the first acted on, the rest recognized as duplicates). */
    Map<String, Integer> acceptedCounts() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        actedOn.forEach((id, n) -> out.put(id, n.get()));
        return out;
    }

    int requests() {
        return requests.get();
    }

    int refused() {
        return refused.get();
    }

    /** Stops listening: from now on a sender gets "connection refused". */
    @Override
    public void close() {
        server.stop(0);
    }
}
