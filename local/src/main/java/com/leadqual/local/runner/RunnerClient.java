package com.leadqual.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Talks to a running runner's {@code /_local/} endpoints on loopback. */
public final class RunnerClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI base;

    public RunnerClient(int apiPort) {
        this.base = URI.create("http://127.0.0.1:" + apiPort + "/_local/");
    }

    /** No runner listens on the port. */
    public static final class NotRunning extends IOException {
        NotRunning(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The runner's endpoints, names and functions. */
    public JsonNode info() throws IOException, InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("info"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException(base + " answered " + r.statusCode() + ": is this a leadqual local runner?");
            }
            return JSON.readTree(r.body());
        } catch (ConnectException e) {
            throw new NotRunning("no local runner answers on " + base.getHost() + ":" + base.getPort()
                    + " (start one with ./run, or give its --port)", e);
        }
    }

    /** Fires a schedule; returns the function's response. */
    public String fire(String scheduleId) throws IOException, InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("fire/" + scheduleId))
                    .timeout(Duration.ofMinutes(6)).header(AdminApi.FIRE_HEADER, "1")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                JsonNode message = JSON.readTree(r.body()).path("message");
                throw new IOException(message.isMissingNode() ? r.body() : message.asText());
            }
            return r.body();
        } catch (ConnectException e) {
            throw new NotRunning("no local runner answers on " + base.getHost() + ":" + base.getPort()
                    + " (start one with ./run, or give its --port)", e);
        }
    }
}
