package com.leadqual.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Sizes worked out by hand from DynamoDB's sizing rules ("DynamoDB item sizes and formats"). */
class ItemSizesTest {
    @Test
    void stringsCountNameAndUtf8Bytes() {
        assertThat(ItemSizes.of(Map.of("sk", AttributeValue.fromS("STATE")))).isEqualTo(2 + 5);
        assertThat(ItemSizes.of(Map.of("n", AttributeValue.fromS("Zoë")))).isEqualTo(1 + 4);
    }

    @Test
    void numbersCountOneBytePerTwoSignificantDigitsPlusOne() {
        assertThat(ItemSizes.of(Map.of("fit", AttributeValue.fromN("60")))).isEqualTo(3 + 1 + 1);
        assertThat(ItemSizes.of(Map.of("fit", AttributeValue.fromN("125")))).isEqualTo(3 + 2 + 1);
        assertThat(ItemSizes.of(Map.of("fit", AttributeValue.fromN("-25")))).isEqualTo(3 + 1 + 1);
        assertThat(ItemSizes.of(Map.of("v", AttributeValue.fromN("1000000")))).isEqualTo(1 + 1 + 1);
        assertThat(ItemSizes.of(Map.of("v", AttributeValue.fromN("0")))).isEqualTo(1 + 1 + 1);
    }

    @Test
    void listsAndMapsAddThreeBytesAndOnePerElement() {
        assertThat(ItemSizes.of(Map.of("consent", AttributeValue.fromBool(true)))).isEqualTo(7 + 1);
        assertThat(ItemSizes.of(Map.of("l", AttributeValue.fromL(List.of())))).isEqualTo(1 + 3);
        // l + 3 + (1 + "ab") + (1 + 7 as N: 1 + 1)
        assertThat(ItemSizes.of(Map.of("l", AttributeValue.fromL(List.of(AttributeValue.fromS("ab"),
                AttributeValue.fromN("7")))))).isEqualTo(1 + 3 + 3 + 3);
        // m + 3 + (1 + "to" + "SQL")
        assertThat(ItemSizes.of(Map.of("m", AttributeValue.fromM(Map.of("to", AttributeValue.fromS("SQL"))))))
                .isEqualTo(1 + 3 + 6);
    }

    @Test
    void attributesAddUpAndAStartedKilobyteIsAWriteUnit() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS("LEAD#a@b.co"));
        item.put("blob", AttributeValue.fromS("x".repeat(1024 - 13 - 4)));
        assertThat(ItemSizes.byAttribute(item)).containsExactly(Map.entry("pk", 13), Map.entry("blob", 1011));
        assertThat(ItemSizes.of(item)).isEqualTo(1024);
        assertThat(ItemSizes.writeUnits(item)).isEqualTo(1);
        item.put("blob", AttributeValue.fromS("x".repeat(1024 - 13 - 4 + 1)));
        assertThat(ItemSizes.writeUnits(item)).isEqualTo(2);
    }
}
