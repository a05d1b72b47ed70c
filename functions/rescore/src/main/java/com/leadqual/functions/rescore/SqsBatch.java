package com.leadqual.functions.rescore;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQS event Lambda sends and the partial-batch answer it reads, with the Jackson the function already has.
 * Why not aws-lambda-java-events: the runtime would then deserialize the event with its own Jackson, joda-time
 * and reflection on the first invocation (about 800 more classes to load), and the artifact would carry both.
 */
final class SqsBatch {
    /** One record: its id (what a batch item failure names), its body, and when SQS received it (or null). */
    record Message(String messageId, String body, String sentTimestamp) {
    }

    private SqsBatch() {
    }

    /** The records of {"Records": [{"messageId": ..., "body": ..., "attributes": {"SentTimestamp": ...}}, ...]}. */
    static List<Message> read(ObjectMapper mapper, InputStream event) throws IOException {
        JsonNode root = mapper.readTree(event);
        List<Message> messages = new ArrayList<>();
        for (JsonNode record : root == null ? mapper.createArrayNode() : root.path("Records")) {
            messages.add(new Message(record.path("messageId").asText(null), record.path("body").asText(null),
                    record.path("attributes").path("SentTimestamp").asText(null)));
        }
        return messages;
    }

    /** {"batchItemFailures": [{"itemIdentifier": ...}, ...]}: Lambda deletes every other message of the batch. */
    static void writeFailures(ObjectMapper mapper, List<String> failedMessageIds, OutputStream out) throws IOException {
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("batchItemFailures");
            for (String id : failedMessageIds) {
                json.writeStartObject();
                json.writeStringField("itemIdentifier", id);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }
}
