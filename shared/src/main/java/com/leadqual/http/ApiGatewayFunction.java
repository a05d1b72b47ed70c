package com.leadqual.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.leadqual.ops.Telemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The body of every API Gateway handler: read the event (either payload version), run the route with the
 * invocation's telemetry, write the answer in the same version, flush the metrics.
 */
public final class ApiGatewayFunction {
    /** What a function does with one request. */
    @FunctionalInterface
    public interface Route {
        HttpResponse handle(HttpRequest request, Telemetry telemetry);
    }

    private final ApiGatewayHttp http = new ApiGatewayHttp(new ObjectMapper());
    private final String name;
    private final Route route;
    private final Consumer<String> logs;

    public ApiGatewayFunction(String name, Route route, Consumer<String> logs) {
        this.name = name;
        this.route = route;
        this.logs = logs;
    }

    public void handle(InputStream input, OutputStream output, String requestId) throws IOException {
        Telemetry telemetry = new Telemetry(name, requestId, logs, Clock.systemUTC());
        try {
            HttpRequest request = http.read(input);
            http.write(route.handle(request, telemetry), request.version(), output);
        } catch (MalformedEvent e) {
            telemetry.count("Rejected", "Reason", "malformed-event");
            http.write(Responses.error(400, e.getMessage()), HttpRequest.PayloadVersion.V2, output);
        } finally {
            telemetry.flush();
        }
    }
}
