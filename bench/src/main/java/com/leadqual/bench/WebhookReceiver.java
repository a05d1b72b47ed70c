package com.leadqual.bench;

import com.leadqual.local.http.LoopbackHttpServer;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

/** A sales tool's webhook on loopback for the handoff function: takes every POST with 200, counts them. */
final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger received = new AtomicInteger();

    WebhookReceiver() {
        try {
            server = LoopbackHttpServer.create(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                received.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/leadqual";
    }

    int received() {
        return received.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
