package com.leadqual.functions.webinar;

import com.leadqual.http.EventIntake;
import com.leadqual.http.HttpRequest;
import com.leadqual.http.HttpResponse;
import com.leadqual.http.Responses;
import com.leadqual.intake.AcceptedEvent;
import com.leadqual.intake.Emails;
import com.leadqual.intake.InvalidInput;
import com.leadqual.intake.WebinarEvents;
import com.leadqual.intake.ZoomOutcome;
import com.leadqual.intake.ZoomWebhooks;
import com.leadqual.ops.Telemetry;
import com.leadqual.store.LeadEventStore;
import java.time.Clock;
import java.time.Instant;

/** The webinar routes: validate or verify, then one conditional write per accepted event. */
public final class WebinarRoutes {
    static final String GENERIC = "/webinars";
    static final String ZOOM = "/webinars/zoom";

    private final EventIntake intake;
    private final ZoomWebhooks zoom;
    private final Clock clock;

    public WebinarRoutes(LeadEventStore store, ZoomWebhooks zoom, Clock clock) {
        this.intake = new EventIntake(store);
        this.zoom = zoom;
        this.clock = clock;
    }

    public HttpResponse handle(HttpRequest request, Telemetry telemetry) {
        if (!request.method().equals("POST")) {
            return Responses.error(405, "use POST").withHeader("allow", "POST");
        }
        Instant now = clock.instant();
        Instant receivedAt = request.receivedAt() != null ? request.receivedAt() : now;
        try {
            switch (request.route()) {
                case GENERIC:
                    return store(WebinarEvents.parse(request.header("content-type"), request.body(), receivedAt),
                            202, telemetry);
                case ZOOM:
                    return zoom(request, now, telemetry);
                default:
                    return Responses.error(404, "no such route");
            }
        } catch (InvalidInput invalid) {
            String reason = Responses.rejectionReason(invalid);
            telemetry.count("Rejected", "Reason", reason);
            telemetry.info("webinar event rejected", "route", request.route(), "reason", reason,
                    "status", invalid.status());
            return Responses.invalid(invalid);
        }
    }

    private HttpResponse zoom(HttpRequest request, Instant now, Telemetry telemetry) {
        zoom.verify(request.header("x-zm-request-timestamp"), request.header("x-zm-signature"), request.body(), now);
        ZoomOutcome outcome = zoom.handle(request.body());
        if (outcome instanceof ZoomOutcome.UrlValidation validation) {
            return Responses.json(200, Responses.object()
                    .put("plainToken", validation.plainToken())
                    .put("encryptedToken", validation.encryptedToken()));
        }
        if (outcome instanceof ZoomOutcome.Ignored ignored) {
            telemetry.count("Ignored");
            telemetry.info("zoom event acknowledged, not stored", "reason", ignored.reason());
            return Responses.json(200, Responses.object().put("ignored", ignored.reason()));
        }
        // Zoom retries anything but a 2xx, so an accepted event answers 200 like the rest.
        return store(((ZoomOutcome.Accepted) outcome).event(), 200, telemetry);
    }

    private HttpResponse store(AcceptedEvent event, int acceptedStatus, Telemetry telemetry) {
        EventIntake.Stored stored = intake.append(event, "webinar event", telemetry);
        if (stored == EventIntake.Stored.UNAVAILABLE) {
            return Responses.unavailable();
        }
        return Responses.json(acceptedStatus, Responses.object()
                .put("leadId", Emails.redact(event.email()))
                .put("eventId", event.eventId())
                .put("duplicate", stored == EventIntake.Stored.DUPLICATE));
    }
}
