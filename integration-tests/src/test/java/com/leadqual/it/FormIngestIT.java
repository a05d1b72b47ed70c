package com.leadqual.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.leadqual.functions.form.FormIngestHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class FormIngestIT {
    private final Stack stack = Stack.get();
    private final FormIngestHandler handler = Functions.formIngest(stack);

    @BeforeEach
    void empty() {
        stack.reset();
    }

    static ObjectNode form(String email) {
        ObjectNode form = ApiEvents.MAPPER.createObjectNode();
        form.put("email", email);
        form.put("formType", "demo_request");
        form.put("firstName", "Dana");
        form.put("company", "Northwind Analytics");
        form.put("jobTitle", "VP of Marketing");
        form.put("companySize", "250");
        form.put("industry", "software");
        form.put("country", "US");
        form.put("consent", true);
        return form;
    }

    private JsonNode post(ApiEvents event) {
        return ApiEvents.parse(Lambdas.invoke(handler, event.json()));
    }

    @Test
    void acceptsAJsonFormWithOneWriteAndAnswersWithTheIds() {
        JsonNode response = post(ApiEvents.sample("form-ingest-json.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(202);
        assertThat(response.path("headers").path("access-control-allow-origin").asText())
                .isEqualTo("https://www.example.com");
        JsonNode body = ApiEvents.parse(response.path("body").asText());
        assertThat(body.path("duplicate").asBoolean(true)).isFalse();
        assertThat(body.path("eventId").asText()).hasSize(32);
        assertThat(body.path("leadId").asText()).doesNotContain("@");
        assertThat(stack.eventCount("dana.reyes@northwind-analytics.com")).isEqualTo(1);
        assertThat(stack.itemCount()).isEqualTo(1);
    }

    @Test
    void aReplayedDeliveryStoresNothingAndIsAnsweredAsADuplicate() {
        ApiEvents event = ApiEvents.sample("form-ingest-json.json").header("idempotency-key", "retry-1234");
        JsonNode first = ApiEvents.parse(post(event).path("body").asText());
        JsonNode second = ApiEvents.parse(post(event).path("body").asText());

        assertThat(second.path("duplicate").asBoolean()).isTrue();
        assertThat(second.path("eventId").asText()).isEqualTo(first.path("eventId").asText());
        assertThat(stack.itemCount()).isEqualTo(1);
        assertThat(stack.pipe.pollOnce()).isEqualTo(1);
    }

    @Test
    void aPlainHtmlFormIsBase64EncodedAndRedirectedToItsThankYouPage() {
        JsonNode response = post(ApiEvents.sample("form-ingest-urlencoded.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(303);
        assertThat(response.path("headers").path("location").asText()).isEqualTo("https://www.example.com/thank-you");
        assertThat(stack.eventCount("sam.okafor@contoso-logistics.com")).isEqualTo(1);
    }

    @Test
    void aThankYouPathIsOnThePostingPagesOriginAndStillMustBeAllowed() {
        // The static website's form: a path, so the same page works on any host and port.
        ApiEvents onSite = ApiEvents.sample("form-ingest-json.json")
                .body(form("sam.okafor@contoso-logistics.com").put("redirect", "/thank-you?form=demo").toString());
        JsonNode redirected = post(onSite);
        JsonNode noOrigin = post(ApiEvents.sample("form-ingest-json.json").header("origin", null)
                .body(form("lee@northwind-analytics.com").put("redirect", "/thank-you").toString()));
        JsonNode offList = post(ApiEvents.sample("form-ingest-json.json")
                .body(form("lee@northwind-analytics.com").put("redirect", "/account/settings").toString()));

        assertThat(redirected.path("statusCode").asInt()).isEqualTo(303);
        assertThat(redirected.path("headers").path("location").asText())
                .isEqualTo("https://www.example.com/thank-you?form=demo");
        assertThat(noOrigin.path("statusCode").asInt()).isEqualTo(400);
        assertThat(noOrigin.path("body").asText()).contains("redirect", "Origin");
        assertThat(offList.path("statusCode").asInt()).isEqualTo(400);
        assertThat(offList.path("body").asText()).contains("is not an allowed thank-you page");
        assertThat(stack.eventCount("sam.okafor@contoso-logistics.com")).isEqualTo(1);
        assertThat(stack.eventCount("lee@northwind-analytics.com")).isZero();
    }

    @Test
    void worksBehindARestApiToo() {
        String v1 = ApiEvents.sample("form-ingest-json.json").asRestApiV1();
        JsonNode response = ApiEvents.parse(Lambdas.invoke(handler, v1));

        assertThat(response.path("statusCode").asInt()).isEqualTo(202);
        assertThat(response.has("cookies")).isFalse();
        assertThat(stack.eventCount("dana.reyes@northwind-analytics.com")).isEqualTo(1);
    }

    @Test
    void answersCorsPreflightForAllowedOriginsOnly() {
        JsonNode allowed = post(ApiEvents.sample("form-ingest-preflight.json"));
        assertThat(allowed.path("statusCode").asInt()).isEqualTo(204);
        assertThat(allowed.path("headers").path("access-control-allow-methods").asText()).contains("POST");
        assertThat(allowed.path("headers").path("access-control-allow-headers").asText()).contains("idempotency-key");

        JsonNode refused = post(ApiEvents.sample("form-ingest-preflight.json").header("origin", "https://evil.example.net"));
        assertThat(refused.path("statusCode").asInt()).isEqualTo(403);
        assertThat(refused.path("headers").has("access-control-allow-origin")).isFalse();
    }

    @Test
    void aTrippedHoneypotIsAnsweredLikeAPersonButStoresNothing() {
        ObjectNode bot = form("bot@northwind-analytics.com");
        bot.put("website", "http://spam.example");
        JsonNode response = post(ApiEvents.sample("form-ingest-json.json").body(bot.toString()));

        assertThat(response.path("statusCode").asInt()).isEqualTo(202);
        assertThat(ApiEvents.parse(response.path("body").asText()).path("duplicate").asBoolean(true)).isFalse();
        assertThat(stack.itemCount()).isZero();
    }

    @Test
    void aBotThatTripsTheHoneypotAndSendsJunkStillGetsTheAnswerAPersonGets() {
        ObjectNode bot = form("not-an-email");
        bot.put("website", "http://spam.example");
        bot.put("companySize", "lots");
        JsonNode response = post(ApiEvents.sample("form-ingest-json.json").body(bot.toString()));

        assertThat(response.path("statusCode").asInt()).isEqualTo(202);
        JsonNode body = ApiEvents.parse(response.path("body").asText());
        assertThat(body.path("eventId").asText()).hasSize(32);
        assertThat(body.path("leadId").asText()).startsWith("lead#");
        assertThat(stack.itemCount()).isZero();
    }

    static Stream<Arguments> badRequests() {
        List<Arguments> cases = new ArrayList<>();
        String valid = form("lee@northwind-analytics.com").toString();
        cases.add(Arguments.of("malformed JSON", sample().body("{\"email\": \"lee@northwind-analytics.com\","), 400, "body"));
        cases.add(Arguments.of("truncated JSON", sample().body(valid.substring(0, valid.length() / 2)), 400, "body"));
        cases.add(Arguments.of("a JSON array", sample().body("[1,2]"), 400, "body"));
        cases.add(Arguments.of("no email", sample().body(form("x@y.com").without("email").toString()), 400, "email"));
        cases.add(Arguments.of("an invalid email", sample().body(form("not-an-email").toString()), 400, "email"));
        cases.add(Arguments.of("a 320-character email",
                sample().body(form("a".repeat(300) + "@northwind-analytics.com").toString()), 400, "email"));
        cases.add(Arguments.of("an unknown form type",
                sample().body(form("lee@northwind-analytics.com").put("formType", "free_pizza").toString()), 400, "formType"));
        cases.add(Arguments.of("a company size of the wrong type",
                sample().body(form("lee@northwind-analytics.com").put("companySize", "lots").toString()), 400, "companySize"));
        cases.add(Arguments.of("a nested object",
                sample().body(form("lee@northwind-analytics.com").set("company", ApiEvents.MAPPER.createObjectNode()).toString()),
                400, "company"));
        cases.add(Arguments.of("a duplicate key",
                sample().body("{\"email\":\"lee@northwind-analytics.com\",\"email\":\"other@northwind-analytics.com\",\"formType\":\"demo_request\"}"),
                400, "email"));
        cases.add(Arguments.of("a redirect off the allow-list",
                sample().body(form("lee@northwind-analytics.com").put("redirect", "https://evil.example.net/").toString()),
                400, "redirect"));
        cases.add(Arguments.of("an Idempotency-Key with spaces", sample().body(valid).header("idempotency-key", "a b"),
                400, "Idempotency-Key"));
        cases.add(Arguments.of("base64 that is not base64", sample().rawBody("%%%not-base64%%%", true), 400, null));
        cases.add(Arguments.of("text/plain", sample().body(valid).header("content-type", "text/plain"), 415, null));
        cases.add(Arguments.of("multipart", sample().body(valid).header("content-type", "multipart/form-data; boundary=x"),
                415, null));
        cases.add(Arguments.of("a body over 16 KiB",
                sample().body(form("lee@northwind-analytics.com").put("company", "x".repeat(17_000)).toString()), 413, null));
        cases.add(Arguments.of("a repeated urlencoded field",
                sample().header("content-type", "application/x-www-form-urlencoded")
                        .base64Body("email=a%40b.com&email=c%40d.com&formType=demo_request".getBytes(StandardCharsets.UTF_8)),
                400, "email"));
        cases.add(Arguments.of("a foreign origin", sample().body(valid).header("origin", "https://evil.example.net"), 403, null));
        return cases.stream();
    }

    private static ApiEvents sample() {
        return ApiEvents.sample("form-ingest-json.json");
    }

    @ParameterizedTest(name = "{0} gets {2}")
    @MethodSource("badRequests")
    void badInputGetsAClearClientErrorAndNothingIsStored(String name, ApiEvents event, int status, String field) {
        JsonNode response = post(event);

        assertThat(response.path("statusCode").asInt()).as(name).isEqualTo(status);
        JsonNode body = ApiEvents.parse(response.path("body").asText());
        assertThat(body.path("error").asText()).as(name).isNotBlank();
        if (field != null) {
            assertThat(body.path("problems").findValuesAsText("field")).as(name).contains(field);
        }
        assertThat(stack.itemCount()).as(name).isZero();
    }

    @Test
    void whenDynamoDbIsDownTheFormIsRefusedWithARetryableErrorAndNothingIsStored() {
        try (DynamoDbClient unreachable = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build()) {
            JsonNode response = ApiEvents.parse(Lambdas.invoke(Functions.formIngest(stack, unreachable),
                    ApiEvents.sample("form-ingest-json.json").json()));

            assertThat(response.path("statusCode").asInt()).isEqualTo(503);
            assertThat(response.path("headers").path("retry-after").asText()).isEqualTo("1");
        }
        assertThat(stack.itemCount()).isZero();
    }

    @Test
    void logsNeverCarryTheEmailAddress() {
        Lambdas.LOG.clear();
        post(ApiEvents.sample("form-ingest-json.json"));
        post(ApiEvents.sample("form-ingest-json.json").body(form("not-an-email@").toString()));

        assertThat(Lambdas.LOG).isNotEmpty();
        assertThat(Lambdas.LOG).noneMatch(line -> line.toLowerCase().contains("dana.reyes@northwind-analytics.com"));
        assertThat(Lambdas.LOG).noneMatch(line -> line.contains("not-an-email@"));
    }
}
