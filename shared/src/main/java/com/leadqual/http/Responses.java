package com.leadqual.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.intake.FieldError;
import com.leadqual.intake.InvalidInput;

/** The JSON answers both ingest functions give, so clients see one error format. */
public final class Responses {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Responses() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static HttpResponse json(int status, ObjectNode body) {
        return HttpResponse.json(status, body.toString());
    }

    /** {"error": "...", "problems": [{"field": "...", "problem": "..."}]} with the status the input deserves. */
    public static HttpResponse invalid(InvalidInput invalid) {
        ObjectNode body = object();
        body.put("error", invalid.getMessage());
        ArrayNode problems = body.putArray("problems");
        for (FieldError error : invalid.errors()) {
            problems.addObject().put("field", error.field()).put("problem", error.problem());
        }
        return json(invalid.status(), body);
    }

    /** The metric dimension for a refused request: stable names, whatever the message says. */
    public static String rejectionReason(InvalidInput invalid) {
        switch (invalid.status()) {
            case 401:
                return "bad-signature";
            case 403:
                return "forbidden";
            case 413:
                return "too-large";
            case 415:
                return "unsupported-media-type";
            default:
                return "invalid-input";
        }
    }

    public static HttpResponse error(int status, String message) {
        return json(status, object().put("error", message));
    }

    /** DynamoDB failed: nothing was accepted, and the client may safely send the same request again. */
    public static HttpResponse unavailable() {
        return error(503, "the lead store is temporarily unavailable; nothing was stored, please retry")
                .withHeader("retry-after", "1");
    }
}
