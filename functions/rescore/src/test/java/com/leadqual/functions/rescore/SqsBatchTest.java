package com.leadqual.functions.rescore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SQS event as Lambda sends it (events/rescore-sqs-batch.json), and the partial-batch answer Lambda reads. */
class SqsBatchTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void readsEveryRecordOfTheSampleBatch() throws Exception {
        try (InputStream sample = Files.newInputStream(Path.of("../../events/rescore-sqs-batch.json"))) {
            List<SqsBatch.Message> messages = SqsBatch.read(mapper, sample);

            assertThat(messages).extracting(SqsBatch.Message::messageId).containsExactly(
                    "059f36b4-87a3-44ab-83d2-661970000001", "059f36b4-87a3-44ab-83d2-661970000002",
                    "059f36b4-87a3-44ab-83d2-661970000003");
            assertThat(messages.get(1).body()).isEqualTo("{\"pk\": \"LEAD#priya.natarajan@fabrikam.io\", \"cause\": \"event\"}");
            assertThat(messages.get(0).sentTimestamp()).isEqualTo("1795460400000");
        }
    }

    @Test
    void aRecordWithoutAttributesHasNoSentTimestamp() throws Exception {
        List<SqsBatch.Message> messages = SqsBatch.read(mapper, new java.io.ByteArrayInputStream(
                "{\"Records\":[{\"messageId\":\"m-1\",\"body\":\"x\"}]}".getBytes(StandardCharsets.UTF_8)));

        assertThat(messages).containsExactly(new SqsBatch.Message("m-1", "x", null));
    }

    @Test
    void writesTheFailuresAsLambdaReadsThem() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SqsBatch.writeFailures(mapper, List.of("m-1", "m-3"), out);

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-1\"},{\"itemIdentifier\":\"m-3\"}]}");
    }

    @Test
    void noFailureIsAnEmptyList() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SqsBatch.writeFailures(mapper, List.of(), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"batchItemFailures\":[]}");
    }
}
