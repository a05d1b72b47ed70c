package com.leadqual.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventPatternTest {
    private static final JsonNode INSERT_EVENT = StreamRecords.parse("""
            {"eventName":"INSERT","awsRegion":"us-east-1",
             "dynamodb":{"Keys":{"pk":{"S":"LEAD#a@b.co"},"sk":{"S":"EVENT#2026#1"}},
                         "NewImage":{"score":{"N":"42"},"grade":{"S":"A"}},"SizeBytes":120}}""");
    private static final JsonNode STATE_MODIFY = StreamRecords.parse("""
            {"eventName":"MODIFY","dynamodb":{"Keys":{"pk":{"S":"LEAD#a@b.co"},"sk":{"S":"STATE"}},"SizeBytes":80}}""");

    private static boolean matches(String pattern, JsonNode event) {
        return EventPattern.compile(pattern).matches(event);
    }

    @Test
    void templatePatternSelectsInsertedEventsOnly() {
        String p = "{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[{\"prefix\":\"EVENT#\"}]}}}}";
        assertThat(matches(p, INSERT_EVENT)).isTrue();
        assertThat(matches(p, STATE_MODIFY)).isFalse();
    }

    @Test
    void exactValuesAndAlternatives() {
        assertThat(matches("{\"eventName\":[\"MODIFY\",\"INSERT\"]}", INSERT_EVENT)).isTrue();
        assertThat(matches("{\"eventName\":[\"REMOVE\"]}", INSERT_EVENT)).isFalse();
        assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[120]}}", INSERT_EVENT)).isTrue();
        assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[\"120\"]}}", INSERT_EVENT)).as("string vs number").isFalse();
    }

    @Test
    void nestedObjectMissingInEventDoesNotMatch() {
        assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"grade\":{\"S\":[\"A\"]}}}}", INSERT_EVENT)).isTrue();
        assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"grade\":{\"S\":[\"A\"]}}}}", STATE_MODIFY)).isFalse();
    }

    @Test
    void exists() {
        assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"grade\":{\"S\":[{\"exists\":true}]}}}}", INSERT_EVENT)).isTrue();
        assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"grade\":{\"S\":[{\"exists\":true}]}}}}", STATE_MODIFY)).isFalse();
        assertThat(matches("{\"dynamodb\":{\"NewImage\":[{\"exists\":false}]}}", STATE_MODIFY)).isTrue();
        assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"x\":[{\"exists\":false}]}}}", INSERT_EVENT)).isTrue();
        assertThat(matches("{\"dynamodb\":{\"NewImage\":[{\"exists\":true}]}}", INSERT_EVENT))
                .as("exists matches leaves, not objects").isFalse();
    }

    @Test
    void anythingBut() {
        assertThat(matches("{\"eventName\":[{\"anything-but\":\"REMOVE\"}]}", INSERT_EVENT)).isTrue();
        assertThat(matches("{\"eventName\":[{\"anything-but\":[\"INSERT\",\"MODIFY\"]}]}", INSERT_EVENT)).isFalse();
        assertThat(matches("{\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[{\"anything-but\":{\"prefix\":\"EVENT#\"}}]}}}}",
                STATE_MODIFY)).isTrue();
        assertThat(matches("{\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[{\"anything-but\":{\"prefix\":\"EVENT#\"}}]}}}}",
                INSERT_EVENT)).isFalse();
        assertThat(matches("{\"missing\":[{\"anything-but\":\"x\"}]}", INSERT_EVENT))
                .as("anything-but needs the field").isFalse();
    }

    @Test
    void numericRangesOnJsonNumbersOnly() {
        assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[{\"numeric\":[\">\",100,\"<=\",120]}]}}", INSERT_EVENT)).isTrue();
        assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[{\"numeric\":[\">\",100,\"<\",120]}]}}", INSERT_EVENT)).isFalse();
        assertThat(matches("{\"dynamodb\":{\"SizeBytes\":[{\"numeric\":[\"=\",120.0]}]}}", INSERT_EVENT)).isTrue();
        assertThat(matches("{\"dynamodb\":{\"NewImage\":{\"score\":{\"N\":[{\"numeric\":[\">\",1]}]}}}}", INSERT_EVENT))
                .as("a DynamoDB N is a string").isFalse();
    }

    @Test
    void suffixAndIgnoreCase() {
        assertThat(matches("{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":[{\"suffix\":\"@b.co\"}]}}}}", INSERT_EVENT)).isTrue();
        assertThat(matches("{\"eventName\":[{\"equals-ignore-case\":\"insert\"}]}", INSERT_EVENT)).isTrue();
    }

    @Test
    void anyOfSeveralPatternsAndNoPatternsMeansEverything() {
        List<EventPattern> ps = List.of(EventPattern.compile("{\"eventName\":[\"REMOVE\"]}"),
                EventPattern.compile("{\"eventName\":[\"MODIFY\"]}"));
        assertThat(EventPattern.anyMatches(ps, STATE_MODIFY)).isTrue();
        assertThat(EventPattern.anyMatches(ps, INSERT_EVENT)).isFalse();
        assertThat(EventPattern.anyMatches(List.of(), INSERT_EVENT)).isTrue();
    }

    @Test
    void unsupportedConstructsAreRejectedWithTheirPath() {
        assertThatThrownBy(() -> EventPattern.compile("{\"a\":{\"b\":[{\"wildcard\":\"x*\"}]}}"))
                .hasMessageContaining("$.a.b").hasMessageContaining("wildcard");
        assertThatThrownBy(() -> EventPattern.compile("{\"a\":\"x\"}")).hasMessageContaining("$.a");
        assertThatThrownBy(() -> EventPattern.compile("{\"a\":[{\"numeric\":[\"~\",1]}]}")).hasMessageContaining("numeric");
    }
}
