package com.leadqual.local.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The template's API routes on one local port, matched as API Gateway matches them: the most specific path wins
 * (a literal segment over a {@code {param}}, a {@code {param}} over a greedy {@code {proxy+}}), a method route over
 * {@code ANY}, and an HTTP API's {@code $default} route last.
 */
public final class Routes {
    /** Which payload the route's integration receives. */
    public enum Kind {
        /** {@code Type: HttpApi}: payload format 2.0. */
        HTTP_API,
        /** {@code Type: Api} (REST API): payload format 1.0. */
        REST_API
    }

    /**
     * One route.
     *
     * @param apiId          the API's local id (its logical id)
     * @param method         upper case, or {@code ANY}
     * @param path           the template's path, e.g. {@code /leads/{email}}, or {@code $default}
     * @param apiKeyRequired a REST route that needs a valid {@code x-api-key}
     * @param stage          the stage events name: {@code $default} for an HTTP API, the StageName of a REST API
     */
    public record Route(Kind kind, String apiId, String method, String path, String functionId,
            boolean apiKeyRequired, String stage) {
        /** API Gateway's route key: {@code POST /forms}, or {@code $default}. */
        public String routeKey() {
            return isDefault() ? "$default" : method + " " + path;
        }

        boolean isDefault() {
            return path.equals("$default");
        }
    }

    /** A route matched to a request, with its path parameters (URL-decoded, as API Gateway passes them). */
    public record Match(Route route, Map<String, String> pathParameters) {
    }

    /** What the table says about a request. */
    public sealed interface Lookup permits Found, NoRoute, MethodNotAllowed {
    }

    public record Found(Match match) implements Lookup {
    }

    /** No route has this path: API Gateway's 404. */
    public record NoRoute() implements Lookup {
    }

    /** A REST API resource exists but not with this method: API Gateway answers 403 "Missing Authentication Token". */
    public record MethodNotAllowed(Kind kind) implements Lookup {
    }

    private record Compiled(Route route, List<String> segments) {
    }

    private final List<Compiled> routes = new ArrayList<>();

    /**
     * @throws IllegalArgumentException when two routes claim the same method and path (the local port serves
     *     every API of the template, so they would shadow each other), or a path is malformed
     */
    public Routes(List<Route> declared) {
        Map<String, Route> seen = new LinkedHashMap<>();
        for (Route r : declared) {
            String key = r.method() + " " + (r.isDefault() ? "$default" : normalize(r.path()));
            Route other = seen.putIfAbsent(key, r);
            if (other != null) {
                throw new IllegalArgumentException("route " + r.routeKey() + " is declared by both "
                        + other.functionId() + " (" + other.apiId() + ") and " + r.functionId() + " (" + r.apiId()
                        + "); the local runner serves every API on one port");
            }
            routes.add(new Compiled(r, r.isDefault() ? List.of() : segments(r.path(), r)));
        }
        routes.sort(Comparator.comparing((Compiled c) -> c.route().isDefault())
                .thenComparing(Compiled::segments, Routes::bySpecificity)
                .thenComparing(c -> c.route().method().equals("ANY")));
    }

    public List<Route> all() {
        return routes.stream().map(Compiled::route).toList();
    }

    /** Finds the route for a request path (raw, as on the wire) and method. */
    public Lookup find(String method, String rawPath) {
        String m = method.toUpperCase(Locale.ROOT);
        List<String> request = splitPath(rawPath);
        boolean pathKnown = false;
        Kind pathKind = null;
        for (Compiled c : routes) {
            Map<String, String> params = c.route().isDefault() ? Map.of() : match(c.segments(), request);
            if (params == null) {
                continue;
            }
            if (c.route().method().equals(m) || c.route().method().equals("ANY")) {
                return new Found(new Match(c.route(), params));
            }
            if (!c.route().isDefault()) {
                pathKnown = true;
                pathKind = pathKind == null ? c.route().kind() : pathKind;
            }
        }
        // HTTP APIs answer 404 for a path they have with another method; REST APIs answer 403.
        return pathKnown && pathKind == Kind.REST_API ? new MethodNotAllowed(pathKind) : new NoRoute();
    }

    private static Map<String, String> match(List<String> template, List<String> request) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (t.startsWith("{") && t.endsWith("+}")) {
                if (i >= request.size()) {
                    return null; // a greedy parameter needs at least one segment
                }
                params.put(t.substring(1, t.length() - 2), decode(String.join("/", request.subList(i, request.size()))));
                return params;
            }
            if (i >= request.size()) {
                return null;
            }
            String segment = request.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                if (segment.isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), decode(segment));
            } else if (!t.equals(segment)) {
                return null;
            }
        }
        return template.size() == request.size() ? params : null;
    }

    /** Literal before {param} before {greedy+}, segment by segment; longer paths first on a tie. */
    private static int bySpecificity(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(rank(a.get(i)), rank(b.get(i)));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(b.size(), a.size());
    }

    private static int rank(String segment) {
        if (segment.startsWith("{") && segment.endsWith("+}")) {
            return 2;
        }
        return segment.startsWith("{") && segment.endsWith("}") ? 1 : 0;
    }

    private static List<String> segments(String path, Route r) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("route " + r.routeKey() + " of " + r.functionId()
                    + ": the path must start with /");
        }
        List<String> segments = splitPath(path);
        for (int i = 0; i < segments.size(); i++) {
            String s = segments.get(i);
            if (s.endsWith("+}") && i != segments.size() - 1) {
                throw new IllegalArgumentException("route " + r.routeKey() + " of " + r.functionId()
                        + ": a greedy parameter must be the last segment");
            }
        }
        return segments;
    }

    private static String normalize(String path) {
        return String.join("/", splitPath(path).stream()
                .map(s -> s.endsWith("+}") ? "{+}" : s.startsWith("{") ? "{}" : s).toList());
    }

    private static List<String> splitPath(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty()) {
            return List.of();
        }
        return List.of(p.split("/", -1));
    }

    private static String decode(String raw) {
        // URLDecoder would turn '+' into a space: that is query-string syntax, not path syntax.
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
