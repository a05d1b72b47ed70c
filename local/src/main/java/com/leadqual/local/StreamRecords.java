package com.leadqual.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Converts DynamoDB stream records to the JSON that Lambda and EventBridge Pipes hand to their targets.
 * Why real shape: filters, input templates and handlers written against AWS then behave the same locally.
 */
public final class StreamRecords {
    /** Shared, thread-safe mapper for event JSON. */
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private StreamRecords() {
    }

    /** One record as in a Lambda DynamoDB event's {@code Records[]} (and a Pipes DynamoDB source event). */
    public static ObjectNode toJson(Record r, String streamArn) {
        ObjectNode o = F.objectNode();
        o.put("eventID", r.eventID());
        o.put("eventName", r.eventNameAsString());
        o.put("eventVersion", r.eventVersion() == null ? "1.1" : r.eventVersion());
        o.put("eventSource", "aws:dynamodb");
        o.put("awsRegion", LocalAws.REGION);
        StreamRecord s = r.dynamodb();
        ObjectNode d = o.putObject("dynamodb");
        if (s.approximateCreationDateTime() != null) {
            // Lambda and Pipes give epoch seconds as a JSON number.
            d.put("ApproximateCreationDateTime", s.approximateCreationDateTime().getEpochSecond());
        }
        if (s.hasKeys()) {
            d.set("Keys", item(s.keys()));
        }
        if (s.hasNewImage()) {
            d.set("NewImage", item(s.newImage()));
        }
        if (s.hasOldImage()) {
            d.set("OldImage", item(s.oldImage()));
        }
        d.put("SequenceNumber", s.sequenceNumber());
        if (s.sizeBytes() != null) {
            d.put("SizeBytes", s.sizeBytes());
        }
        d.put("StreamViewType", s.streamViewTypeAsString());
        if (r.userIdentity() != null) {
            ObjectNode u = o.putObject("userIdentity");
            u.put("type", r.userIdentity().type());
            u.put("principalId", r.userIdentity().principalId());
        }
        o.put("eventSourceARN", streamArn);
        return o;
    }

    /** An item in DynamoDB JSON ({@code {"pk":{"S":"x"}}}). */
    public static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode o = F.objectNode();
        item.forEach((k, v) -> o.set(k, attributeValue(v)));
        return o;
    }

    /** One attribute value in DynamoDB JSON: S, N, B (base64), SS, NS, BS, M, L, NULL, BOOL. */
    public static ObjectNode attributeValue(AttributeValue v) {
        ObjectNode o = F.objectNode();
        switch (v.type()) {
            case S -> o.put("S", v.s());
            case N -> o.put("N", v.n());
            case B -> o.put("B", base64(v.b()));
            case BOOL -> o.put("BOOL", v.bool());
            case NUL -> o.put("NULL", true);
            case SS -> v.ss().forEach(o.putArray("SS")::add);
            case NS -> v.ns().forEach(o.putArray("NS")::add);
            case BS -> {
                ArrayNode a = o.putArray("BS");
                v.bs().forEach(b -> a.add(base64(b)));
            }
            case M -> o.set("M", item(v.m()));
            case L -> {
                ArrayNode a = o.putArray("L");
                v.l().forEach(e -> a.add(attributeValue(e)));
            }
            default -> throw new IllegalArgumentException("Unknown attribute value type: " + v);
        }
        return o;
    }

    private static String base64(SdkBytes b) {
        return Base64.getEncoder().encodeToString(b.asByteArray());
    }

    /** Reads a JSON value the way a test or a template writer has it as text. */
    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("Not valid JSON: " + json + " (" + e.getMessage() + ")", e);
        }
    }
}
