package com.leadqual.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.BeforeTry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input at the HTTP boundary of every ingest route, as API Gateway delivers it: a corpus of known-bad
 * requests, each with the status and field it must get, and generated garbage that must never get a 5xx or
 * leave anything in the table.
 */
@AddLifecycleHook(StackAvailable.class)
class BadInputIT {
    private final Stack stack = Stack.get();

    @BeforeEach
    @BeforeTry
    void empty() {
        stack.reset();
    }

    private RequestStreamHandler handlerFor(String route) {
        return route.startsWith("/webinars") ? Functions.webinarIngest(stack) : Functions.formIngest(stack);
    }

    private static ApiEvents sampleFor(String route) {
        return ApiEvents.sample(switch (route) {
            case "/forms" -> "form-ingest-json.json";
            case "/webinars" -> "webinar-ingest-generic.json";
            default -> "webinar-ingest-zoom.json";
        });
    }

    static Stream<Arguments> corpus() throws IOException {
        JsonNode cases = ApiEvents.parse(Files.readString(Path.of("src/test/resources/bad-input/corpus.json")));
        List<Arguments> arguments = new ArrayList<>();
        cases.forEach(c -> arguments.add(Arguments.of(c.path("name").asText(), c)));
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyKnownBadRequestGetsItsClientErrorAndStoresNothing(String name, JsonNode c) {
        String route = c.path("route").asText();
        ApiEvents event = sampleFor(route).header("content-type", c.path("contentType").isNull() ? null
                : c.path("contentType").asText());
        String body = c.path("body").asText();
        if (c.path("base64").asBoolean()) {
            event.rawBody(body, true);
        } else {
            event.body(body);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            event.header(header.getKey(), header.getValue().asText());
        }

        JsonNode response = ApiEvents.parse(Lambdas.invoke(handlerFor(route), event.json()));

        assertThat(response.path("statusCode").asInt()).as(name).isEqualTo(c.path("status").asInt());
        JsonNode answer = ApiEvents.parse(response.path("body").asText());
        assertThat(answer.path("error").asText()).as(name + ": a message saying what is wrong").isNotBlank();
        if (!c.path("field").isNull()) {
            assertThat(answer.path("problems").findValuesAsText("field")).as(name).contains(c.path("field").asText());
        }
        assertThat(response.path("body").asText()).as(name + ": the answer does not echo a huge input")
                .hasSizeLessThan(4_096);
        assertThat(stack.itemCount()).as(name + ": nothing stored").isZero();
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/json", "application/json; charset=utf-8",
                "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", "", "*/*",
                "application/json; charset=utf-16");
    }

    @Provide
    Arbitrary<String> bodies() {
        String valid = FormIngestIT.form("gen@northwind-analytics.com").toString();
        Arbitrary<String> truncated = Arbitraries.integers().between(0, valid.length()).map(n -> valid.substring(0, n));
        Arbitrary<String> mutated = Arbitraries.integers().between(0, valid.length() - 1)
                .flatMap(at -> Arbitraries.chars().all().map(ch -> valid.substring(0, at) + ch + valid.substring(at + 1)));
        Arbitrary<String> garbage = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> fields = Arbitraries.strings().all().ofMaxLength(80)
                .map(v -> FormIngestIT.form("gen@northwind-analytics.com").put("company", v).put("jobTitle", v).toString());
        return Arbitraries.oneOf(truncated, mutated, garbage, fields);
    }

    @Property(tries = 150)
    void generatedRequestsNeverGetAServerErrorAndOnlyAcceptedOnesAreStored(
            @ForAll("bodies") String body, @ForAll("contentTypes") String contentType,
            @ForAll boolean base64, @ForAll boolean webinarRoute) {
        String route = webinarRoute ? "/webinars" : "/forms";
        ApiEvents event = sampleFor(route).at(Instant.now()).header("content-type", contentType);
        if (base64) {
            event.base64Body(body.getBytes(StandardCharsets.UTF_8));
        } else {
            event.body(body);
        }

        JsonNode response = ApiEvents.parse(Lambdas.invoke(handlerFor(route), event.json()));
        int status = response.path("statusCode").asInt();

        assertThat(status).isBetween(200, 499);
        if (status >= 400) {
            assertThat(stack.itemCount()).isZero();
            assertThat(ApiEvents.parse(response.path("body").asText()).path("error").asText()).isNotBlank();
        } else {
            assertThat(stack.itemCount()).isLessThanOrEqualTo(1);
        }
    }
}
