package com.leadqual.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** What a verified Zoom webhook delivery amounts to. */
public sealed interface ZoomOutcome permits ZoomOutcome.UrlValidation, ZoomOutcome.Accepted, ZoomOutcome.Ignored {

    /**
     * Zoom's endpoint.url_validation challenge: answer 200 with {@link #responseJson()}.
     *
     * @param encryptedToken hex HMAC-SHA256(secret token, plainToken)
     */
    record UrlValidation(String plainToken, String encryptedToken) implements ZoomOutcome {
        public UrlValidation {
            Objects.requireNonNull(plainToken, "plainToken");
            Objects.requireNonNull(encryptedToken, "encryptedToken");
        }

        /** {"plainToken": ..., "encryptedToken": ...} */
        public String responseJson() {
            ObjectNode node = Bodies.MAPPER.createObjectNode();
            node.put("plainToken", plainToken);
            node.put("encryptedToken", encryptedToken);
            try {
                return Bodies.MAPPER.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** An event to store. */
    record Accepted(AcceptedEvent event) implements ZoomOutcome {
        public Accepted {
            Objects.requireNonNull(event, "event");
        }
    }

    /** Nothing to store (unsupported event type, no usable email): answer 200 so Zoom does not retry. */
    record Ignored(String reason) implements ZoomOutcome {
        public Ignored {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
