package com.leadqual.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class InputTemplateTest {
    private static final JsonNode EVENT = StreamRecords.parse("""
            {"eventName":"INSERT","dynamodb":{"Keys":{"pk":{"S":"LEAD#a\\"q@b.co"}},"SizeBytes":12,
             "NewImage":{"tags":{"SS":["x","y"]}}}}""");

    @Test
    void standaloneStringPlaceholderBecomesAJsonString() {
        String out = new InputTemplate("{\"pk\": <$.dynamodb.Keys.pk.S>, \"cause\": \"event\"}").render(EVENT);
        assertThat(StreamRecords.parse(out).path("pk").asText()).isEqualTo("LEAD#a\"q@b.co");
        assertThat(out).isEqualTo("{\"pk\": \"LEAD#a\\\"q@b.co\", \"cause\": \"event\"}");
    }

    @Test
    void placeholderInsideAStringIsInsertedRaw() {
        String out = new InputTemplate("{\"msg\": \"<$.eventName> of <$.dynamodb.Keys.pk.S>\"}").render(EVENT);
        assertThat(StreamRecords.parse(out).path("msg").asText()).isEqualTo("INSERT of LEAD#a\"q@b.co");
    }

    @Test
    void numbersObjectsArraysAndMissingValues() {
        String out = new InputTemplate("{\"n\": <$.dynamodb.SizeBytes>, \"k\": <$.dynamodb.Keys>, "
                + "\"first\": <$.dynamodb.NewImage.tags.SS[0]>, \"none\": <$.nope.x>}").render(EVENT);
        JsonNode json = StreamRecords.parse(out);
        assertThat(json.path("n").asInt()).isEqualTo(12);
        assertThat(json.path("k")).isEqualTo(EVENT.path("dynamodb").path("Keys"));
        assertThat(json.path("first").asText()).isEqualTo("x");
        assertThat(json.path("none").isNull()).isTrue();
    }

    @Test
    void wholeEvent() {
        assertThat(StreamRecords.parse(new InputTemplate("{\"e\": <aws.pipes.event.json>}").render(EVENT)).path("e"))
                .isEqualTo(EVENT);
    }
}
