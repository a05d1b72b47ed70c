package com.leadqual.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * SnapStart priming. Lambda snapshots a function's JVM after its init, having run the org.crac
 * {@code beforeCheckpoint} hooks; what the hooks ran is warm in every environment restored from the snapshot.
 * The functions register here a run of their own request path on a sample event, so the first real
 * invocation finds the event parsing, validation, JSON, the SDK's marshalling, signing and error handling
 * already loaded and compiled.
 *
 * <p>Harmless by construction: while priming, the SDK clients' HTTP client (see {@link AwsClients}) sends
 * nothing. Every request is marshalled and signed as usual, then answered on the spot with a 400 error the SDK
 * does not retry, so no item is read or written, no message sent, and no call reaches AWS, whatever the
 * function's IAM policy allows. Priming logs and metrics go nowhere: they would count work that never happened.
 * Only the thread running the hooks is affected, and only while they run.
 */
public final class Priming {
    /** Where primed functions send their logs and metrics. */
    public static final Consumer<String> DISCARD = line -> { };

    /** The runtime's CRaC context holds resources weakly: these must live as long as the function. */
    private static final List<Resource> HOOKS = new CopyOnWriteArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ThreadLocal<Boolean> PRIMING = ThreadLocal.withInitial(() -> false);

    /** What a request gets while priming: a client error, so the SDK neither retries nor waits. */
    static final int NOT_SENT_STATUS = 400;
    static final String NOT_SENT_BODY =
            "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"not sent: SnapStart priming\"}";

    /** A unit of priming work that may throw, like a handler does. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private Priming() {
    }

    /**
     * Runs {@code work} in the beforeCheckpoint hook of a SnapStart init (never for an on-demand init), with no
     * request sent. A failure is logged and swallowed: an unprimed snapshot is slower, not wrong.
     */
    public static void beforeSnapshot(String function, Work work) {
        Resource hook = new Resource() {
            @Override
            public void beforeCheckpoint(Context<? extends Resource> context) {
                prime(function, work);
            }

            @Override
            public void afterRestore(Context<? extends Resource> context) {
                // nothing to renew: clients hold no connection across the snapshot worth keeping
            }
        };
        HOOKS.add(hook);
        Core.getGlobalContext().register(hook);
    }

    /** The lead every priming event names; nothing is ever stored for it (PrimingTest, the cold-start bench). */
    public static final String LEAD_EMAIL = "snapstart-priming@leadqual.example";

    /** Runs {@code work} now with no request sent, as beforeSnapshot's hook does. */
    public static void prime(String function, Work work) {
        PRIMING.set(true);
        try {
            work.run();
        } catch (Exception | LinkageError e) {
            System.out.println("{\"level\":\"WARN\",\"function\":\"" + function
                    + "\",\"message\":\"SnapStart priming failed; the snapshot is not primed\",\"error\":\""
                    + e.getClass().getName() + "\"}");
        } finally {
            PRIMING.remove();
        }
    }

    /** True on the thread running a priming hook. */
    static boolean priming() {
        return PRIMING.get();
    }

    /** An output priming writes to and nobody reads. */
    public static OutputStream sink() {
        return OutputStream.nullOutputStream();
    }

    /** A sample event as the stream a handler reads. */
    public static ByteArrayInputStream event(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    /** An HTTP API (payload 2.0) event for one request, as API Gateway would deliver it now. */
    public static ByteArrayInputStream httpApiEvent(String method, String path, String contentType, String body) {
        return httpApiEvent(method, path, path, Map.of(), contentType, body);
    }

    /** The same for a route with path parameters, e.g. {@code /leads/{email}}; contentType and body may be null. */
    public static ByteArrayInputStream httpApiEvent(String method, String route, String path,
            Map<String, String> pathParameters, String contentType, String body) {
        return httpApiEvent(method, route, path, pathParameters, contentType, body, Map.of());
    }

    /** The same with more headers (e.g. a webhook's signature). */
    public static ByteArrayInputStream httpApiEvent(String method, String route, String path,
            Map<String, String> pathParameters, String contentType, String body, Map<String, String> headers) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", method + " " + route);
        event.put("rawPath", path);
        ObjectNode headerNode = event.putObject("headers");
        if (contentType != null) {
            headerNode.put("content-type", contentType);
        }
        headers.forEach(headerNode::put);
        if (!pathParameters.isEmpty()) {
            ObjectNode parameters = event.putObject("pathParameters");
            pathParameters.forEach(parameters::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.putObject("http").put("method", method).put("path", path).put("sourceIp", "203.0.113.10");
        context.put("requestId", "snapstart-priming");
        context.put("timeEpoch", System.currentTimeMillis());
        event.put("isBase64Encoded", false);
        if (body != null) {
            event.put("body", body);
        }
        return event(event.toString());
    }

    /** {@code delegate}, except that on a priming thread a request is answered at once and never sent. */
    static SdkHttpClient unsentWhilePriming(SdkHttpClient delegate) {
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                if (!priming()) {
                    return delegate.prepareRequest(request);
                }
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() {
                        byte[] body = NOT_SENT_BODY.getBytes(StandardCharsets.UTF_8);
                        return HttpExecuteResponse.builder()
                                .response(SdkHttpResponse.builder().statusCode(NOT_SENT_STATUS)
                                        .putHeader("Content-Type", "application/x-amz-json-1.0")
                                        .putHeader("Content-Length", Integer.toString(body.length)).build())
                                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                                .build();
                    }

                    @Override
                    public void abort() {
                    }
                };
            }

            @Override
            public String clientName() {
                return delegate.clientName();
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }
}
