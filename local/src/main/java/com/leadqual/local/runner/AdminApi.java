package com.leadqual.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.local.LocalAws;
import com.leadqual.local.SamTemplate;
import com.leadqual.local.http.ApiServer;
import com.leadqual.local.schedule.Schedules;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runner's own endpoints under {@code /_local/}, on the API's loopback port: {@code GET /_local/info} (the
 * endpoints, names and functions, for {@code ./run demo}, {@code follow} and the tests) and
 * {@code POST /_local/fire/<Function>.<Event>} (run a schedule now) and {@code POST /_local/webhooks/<name>} (a
 * stand-in receiver for outgoing webhooks, such as the handoff's). Firing needs the header
 * {@value #FIRE_HEADER}: a web page cannot send it cross-site without a preflight, which is never granted.
 */
final class AdminApi implements HttpHandler {
    static final String FIRE_HEADER = "x-leadqual-local";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int MAX_WEBHOOK_BYTES = 1024 * 1024;

    private final LocalDeployment deployment;
    private final Map<String, Integer> webhooks = new ConcurrentHashMap<>();

    AdminApi(LocalDeployment deployment) {
        this.deployment = deployment;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(ApiServer.ADMIN_PREFIX.length());
        String method = exchange.getRequestMethod();
        if (path.equals("info") && method.equals("GET")) {
            reply(exchange, 200, info().toString());
        } else if (path.startsWith("fire/") && method.equals("POST")) {
            if (exchange.getRequestHeaders().getFirst(FIRE_HEADER) == null) {
                reply(exchange, 403, message("firing a schedule needs the header " + FIRE_HEADER + ": 1"));
                return;
            }
            fire(exchange, path.substring("fire/".length()));
        } else if (path.startsWith("webhooks/") && method.equals("POST")) {
            webhook(exchange, path.substring("webhooks/".length()));
        } else {
            reply(exchange, 404, message("the runner serves GET /_local/info, POST /_local/fire/<Function>.<Event>"
                    + " and POST /_local/webhooks/<name>"));
        }
    }

    /**
     * A stand-in webhook receiver (a CRM, a chat) for the template's outgoing notifications: it accepts any POST,
     * counts it, and prints its type and lead id and transition, never an email, since it prints to the log.
     */
    private void webhook(HttpExchange exchange, String name) throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(MAX_WEBHOOK_BYTES);
        webhooks.merge(name, 1, Integer::sum);
        String summary;
        try {
            JsonNode n = JSON.readTree(body);
            summary = n.path("type").asText("?") + " " + n.path("leadId").asText("?") + " "
                    + n.path("transition").path("from").asText("?") + " -> " + n.path("transition").path("to").asText("?");
        } catch (IOException e) {
            summary = body.length + " bytes, not JSON";
        }
        deployment.options().log().accept("webhook " + name + " received: " + summary);
        reply(exchange, 200, "{\"received\":true}");
    }

    private void fire(HttpExchange exchange, String id) throws IOException {
        if (deployment.schedules().all().stream().noneMatch(s -> s.id().equals(id))) {
            reply(exchange, 404, message("no schedule '" + id + "'; schedules: " + String.join(", ",
                    deployment.schedules().all().stream().map(Schedules.Schedule::id).toList())));
            return;
        }
        try {
            reply(exchange, 200, deployment.schedules().fire(id));
        } catch (Exception e) {
            reply(exchange, 502, message(e.getMessage()));
        }
    }

    private ObjectNode info() {
        ObjectNode info = JSON.createObjectNode();
        info.put("api", "http://127.0.0.1:" + deployment.apiPort());
        info.put("dynamodb", deployment.aws().dynamoEndpoint().toString());
        info.put("sqs", deployment.aws().sqsEndpoint().toString());
        info.put("region", LocalAws.REGION);
        info.put("accessKeyId", LocalAws.credentials().resolveCredentials().accessKeyId());
        info.put("secretAccessKey", LocalAws.credentials().resolveCredentials().secretAccessKey());
        info.put("apiKey", deployment.options().apiKey());
        ObjectNode tables = info.putObject("tables");
        for (SamTemplate.Table t : deployment.template().tables()) {
            ObjectNode table = tables.putObject(t.logicalId());
            table.put("name", deployment.names().tableName(t.logicalId()));
            if (deployment.names().streamArns().containsKey(t.logicalId())) {
                table.put("streamArn", deployment.names().streamArn(t.logicalId()));
            }
        }
        ObjectNode queues = info.putObject("queues");
        deployment.names().queueUrls().forEach(queues::put);
        ArrayNode functions = info.putArray("functions");
        for (LocalDeployment.FunctionInfo f : deployment.functions()) {
            ObjectNode fn = functions.addObject();
            fn.put("name", f.logicalId());
            f.triggers().forEach(fn.putArray("triggers")::add);
        }
        ArrayNode schedules = info.putArray("schedules");
        for (Schedules.Schedule s : deployment.schedules().all()) {
            ObjectNode schedule = schedules.addObject();
            schedule.put("id", s.id());
            schedule.put("expression", s.expression().text());
            schedule.put("enabled", s.enabled());
            Instant next = deployment.schedules().nextTick(s.id());
            schedule.put("next", next == null ? null : next.toString());
        }
        ObjectNode received = info.putObject("webhooksReceived");
        webhooks.forEach(received::put);
        deployment.functionPids().forEach(info.putArray("functionPids")::add);
        return info;
    }

    private static String message(String text) {
        return JSON.createObjectNode().put("message", text).toString();
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
