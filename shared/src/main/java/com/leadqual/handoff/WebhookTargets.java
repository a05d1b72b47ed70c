package com.leadqual.handoff;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The receivers of stage notifications, from a comma-separated setting. HTTPS only, because the body carries
 * the lead's email; plain HTTP only to this machine's loopback address, which a deployed function cannot reach
 * (the template refuses anything but https:// anyway), so local runs and tests work without certificates.
 */
public final class WebhookTargets {
    public static final int MAX_TARGETS = 5;
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    private WebhookTargets() {
    }

    /** @throws IllegalArgumentException naming the problem (not the URL, which may embed a token) */
    public static List<URI> parse(String commaSeparated) {
        List<URI> targets = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            String url = part.strip();
            if (url.isEmpty()) {
                continue;
            }
            int position = targets.size() + 1;
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("webhook URL #" + position + " is not a valid URL");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            if (host.isEmpty() || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("webhook URL #" + position
                        + " must be an absolute URL with a host and no user info or fragment");
            }
            if (!scheme.equals("https") && !(scheme.equals("http") && LOOPBACK.contains(host))) {
                throw new IllegalArgumentException("webhook URL #" + position
                        + " must use https (plain http only to a loopback address)");
            }
            if (targets.contains(uri)) {
                throw new IllegalArgumentException("webhook URL #" + position + " repeats an earlier one");
            }
            targets.add(uri);
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no webhook URL configured");
        }
        if (targets.size() > MAX_TARGETS) {
            throw new IllegalArgumentException("at most " + MAX_TARGETS + " webhook URLs");
        }
        return List.copyOf(targets);
    }

    /** What logs may say about a target: its host, never the path or query (chat webhooks keep tokens there). */
    public static String describe(URI target) {
        return target.getHost() + (target.getPort() < 0 ? "" : ":" + target.getPort());
    }
}
