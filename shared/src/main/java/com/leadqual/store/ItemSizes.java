package com.leadqual.store;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size by DynamoDB's sizing rules (developer guide, "DynamoDB item sizes and formats"), which is what
 * its writes are billed by: one write unit per started 1 KB. Attribute names count as much as values. The guide
 * calls a number's size approximate; DynamoDB Local's billing agreed within 2 bytes on every shape tried.
 */
public final class ItemSizes {
    /** One write unit covers an item of up to this many bytes. */
    public static final int WRITE_UNIT_BYTES = 1024;

    private ItemSizes() {
    }

    /** Bytes of the whole item: the sum of its attributes. */
    public static int of(Map<String, AttributeValue> item) {
        return byAttribute(item).values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Write units of a plain write of the item (no index, no transaction): one per started 1 KB. */
    public static int writeUnits(Map<String, AttributeValue> item) {
        return Math.max(1, (of(item) + WRITE_UNIT_BYTES - 1) / WRITE_UNIT_BYTES);
    }

    /** Bytes of each top-level attribute, its name included, in the item's order. */
    public static Map<String, Integer> byAttribute(Map<String, AttributeValue> item) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        item.forEach((name, value) -> sizes.put(name, utf8(name) + value(value)));
        return sizes;
    }

    private static int value(AttributeValue v) {
        return switch (v.type()) {
            case S -> utf8(v.s());
            case N -> number(v.n());
            case B -> v.b().asByteArray().length;
            case BOOL, NUL -> 1;
            case SS -> v.ss().stream().mapToInt(ItemSizes::utf8).sum();
            case NS -> v.ns().stream().mapToInt(ItemSizes::number).sum();
            case BS -> v.bs().stream().map(SdkBytes::asByteArray).mapToInt(b -> b.length).sum();
            // 3 bytes for the list or map, 1 more per element; a map's keys count like attribute names
            case L -> 3 + v.l().stream().mapToInt(e -> 1 + value(e)).sum();
            case M -> 3 + v.m().entrySet().stream().mapToInt(e -> 1 + utf8(e.getKey()) + value(e.getValue())).sum();
            default -> throw new IllegalArgumentException("unknown attribute type " + v.type());
        };
    }

    /** 1 byte per two significant digits (leading and trailing zeros trimmed), plus 1. */
    private static int number(String n) {
        int digits = new BigDecimal(n).stripTrailingZeros().precision();
        return (digits + 1) / 2 + 1;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
