package com.leadqual.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads an item image of a DynamoDB stream record as Lambda delivers it (DynamoDB JSON such as
 * {@code {"pk": {"S": "LEAD#..."}}}) into the SDK's attribute values, so the code that reads items from the table
 * reads stream images too.
 */
public final class StreamImages {
    private StreamImages() {
    }

    /** @throws IllegalArgumentException when {@code image} is not an object of DynamoDB JSON attribute values */
    public static Map<String, AttributeValue> item(JsonNode image) {
        if (image == null || !image.isObject()) {
            throw new IllegalArgumentException("an item image must be a JSON object");
        }
        Map<String, AttributeValue> item = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = image.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            item.put(attribute.getKey(), value(attribute.getValue(), attribute.getKey()));
        }
        return item;
    }

    private static AttributeValue value(JsonNode node, String name) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("'" + name + "' is not a DynamoDB attribute value");
        }
        String type = node.fieldNames().next();
        JsonNode v = node.get(type);
        switch (type) {
            case "S":
                return AttributeValue.fromS(textOf(v, name));
            case "N":
                return AttributeValue.fromN(textOf(v, name));
            case "B":
                return AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(textOf(v, name))));
            case "BOOL":
                if (!v.isBoolean()) {
                    throw new IllegalArgumentException("'" + name + "' BOOL is not a boolean");
                }
                return AttributeValue.fromBool(v.booleanValue());
            case "NULL":
                return AttributeValue.fromNul(true);
            case "M":
                return AttributeValue.fromM(item(v));
            case "L": {
                List<AttributeValue> list = new ArrayList<>();
                for (JsonNode element : array(v, name)) {
                    list.add(value(element, name + "[]"));
                }
                return AttributeValue.fromL(list);
            }
            case "SS":
                return AttributeValue.fromSs(texts(v, name));
            case "NS":
                return AttributeValue.fromNs(texts(v, name));
            case "BS":
                return AttributeValue.fromBs(texts(v, name).stream()
                        .map(b -> SdkBytes.fromByteArray(Base64.getDecoder().decode(b))).toList());
            default:
                throw new IllegalArgumentException("'" + name + "' has an unknown DynamoDB type " + type);
        }
    }

    private static String textOf(JsonNode v, String name) {
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + name + "' is not a string in DynamoDB JSON");
        }
        return v.asText();
    }

    private static JsonNode array(JsonNode v, String name) {
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException("'" + name + "' is not an array in DynamoDB JSON");
        }
        return v;
    }

    private static List<String> texts(JsonNode v, String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode element : array(v, name)) {
            out.add(textOf(element, name + "[]"));
        }
        return out;
    }
}
