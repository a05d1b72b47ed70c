package com.leadqual.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookSenderTest {
    private static final byte[] SECRET = "sender-test-secret".getBytes(StandardCharsets.UTF_8);
    private static final WebhookSender.Policy FAST = new WebhookSender.Policy(3, Duration.ofMillis(5),
            Duration.ofSeconds(2));

    private HttpServer server;
    private final ConcurrentLinkedDeque<Integer> answers = new ConcurrentLinkedDeque<>();
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private final WebhookSender sender = new WebhookSender(WebhookSender.client(), SECRET, Clock.systemUTC(), FAST);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(Map.of(
                    "method", exchange.getRequestMethod(),
                    "body", body,
                    "type", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
                    "id", String.valueOf(exchange.getRequestHeaders().getFirst("X-Leadqual-Delivery-Id")),
                    "timestamp", String.valueOf(exchange.getRequestHeaders().getFirst("X-Leadqual-Timestamp")),
                    "signature", String.valueOf(exchange.getRequestHeaders().getFirst("X-Leadqual-Signature"))));
            Integer status = answers.pollFirst();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI hook() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @Test
    void aSignedPostIsDelivered() {
        WebhookSender.Result result = sender.send(hook(), "d-1", "{\"x\":1}");

        assertThat(result).isEqualTo(new WebhookSender.Result(true, 1, null));
        Map<String, String> request = requests.get(0);
        assertThat(request).containsEntry("method", "POST").containsEntry("body", "{\"x\":1}")
                .containsEntry("type", "application/json").containsEntry("id", "d-1");
        assertThat(request.get("signature")).isEqualTo(
                WebhookSignature.sign(SECRET, Long.parseLong(request.get("timestamp")), "{\"x\":1}"));
        assertThat(Long.parseLong(request.get("timestamp"))).isCloseTo(System.currentTimeMillis() / 1000,
                org.assertj.core.data.Offset.offset(5L));
    }

    @Test
    void serverErrorsAndThrottlingAreRetriedUpToThePolicy() {
        answers.addAll(List.of(503, 429));
        assertThat(sender.send(hook(), "d-2", "{}")).isEqualTo(new WebhookSender.Result(true, 3, null));

        answers.addAll(List.of(500, 502, 504));
        assertThat(sender.send(hook(), "d-3", "{}")).isEqualTo(new WebhookSender.Result(false, 3, "HTTP 504"));
        assertThat(requests).hasSize(6).allMatch(r -> r.get("id").startsWith("d-"));
    }

    @Test
    void aClientErrorOrARedirectIsFinal() {
        answers.add(400);
        assertThat(sender.send(hook(), "d-4", "{}")).isEqualTo(new WebhookSender.Result(false, 1, "HTTP 400"));
        answers.add(302);
        assertThat(sender.send(hook(), "d-5", "{}")).isEqualTo(new WebhookSender.Result(false, 1, "HTTP 302"));
    }

    @Test
    void aReceiverThatIsNotListeningIsRetriedThenReported() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        WebhookSender.Result result = sender.send(URI.create("http://127.0.0.1:" + closedPort + "/hook"), "d-6", "{}");

        assertThat(result.delivered()).isFalse();
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.lastError()).contains("ConnectException");
    }

    @Test
    void theWorstCaseBoundsTimeoutsAndBackoffs() {
        assertThat(WebhookSender.Policy.DEFAULT.worstCase(3)).isEqualTo(Duration.ofMillis(15_750));
        assertThat(FAST.worstCase(1)).isEqualTo(Duration.ofSeconds(2));
    }
}
