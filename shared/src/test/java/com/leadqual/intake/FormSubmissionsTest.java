package com.leadqual.intake;

import static com.leadqual.intake.TestSupport.FORM;
import static com.leadqual.intake.TestSupport.JSON;
import static com.leadqual.intake.TestSupport.assertInvalid;
import static com.leadqual.intake.TestSupport.invalid;
import static com.leadqual.intake.TestSupport.json;
import static com.leadqual.intake.TestSupport.jsonOf;
import static com.leadqual.intake.TestSupport.resource;
import static com.leadqual.intake.TestSupport.urlencodedOf;
import static com.leadqual.intake.TestSupport.utf8;
import static com.leadqual.intake.TestSupport.validForm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FormSubmissionsTest {

    private static FormSubmission parseJson(Map<String, String> fields) {
        return FormSubmissions.parse(JSON, jsonOf(fields));
    }

    private static FormSubmission parseForm(Map<String, String> fields) {
        return FormSubmissions.parse(FORM, urlencodedOf(fields));
    }

    @Nested
    class ValidSubmissions {
        @Test
        void fullJsonSample() {
            FormSubmission s = FormSubmissions.parse("application/json; charset=utf-8",
                    resource("form-demo-request.json"));
            assertThat(s.email()).isEqualTo("jane.doe@example.com");
            assertThat(s.formType()).isEqualTo("demo_request");
            assertThat(s.honeypotTripped()).isFalse();
            assertThat(s.submissionId()).isEqualTo("sub_0123456789");
            assertThat(s.redirect()).isEqualTo("https://www.example.com/thanks");
            assertThat(s.data()).containsOnly(
                    entry("firstName", "Jane"), entry("lastName", "Doe"), entry("company", "Acme Corp"),
                    entry("jobTitle", "VP Engineering"), entry("companySize", "51"),
                    entry("industry", "software"), entry("country", "DE"), entry("phone", "+49 (30) 1234-5678"),
                    entry("consent", "true"), entry("pageUrl", "https://www.example.com/demo?utm_source=linkedin"),
                    entry("utmSource", "linkedin"), entry("utmCampaign", "spring-launch"));
        }

        @Test
        void urlencodedSampleDecodesUtf8AndIgnoresUnknownRepeatedFields() {
            FormSubmission s = FormSubmissions.parse("application/x-www-form-urlencoded;charset=UTF-8",
                    resource("form-contact-sales.urlencoded"));
            assertThat(s.email()).isEqualTo("jane.doe@example.com");
            assertThat(s.formType()).isEqualTo("contact_sales");
            assertThat(s.data()).containsOnly(entry("firstName", "Jürgen"), entry("lastName", "Müller"),
                    entry("company", "Acme Corp"), entry("companySize", "10000"), entry("country", "US"),
                    entry("industry", "manufacturing"), entry("consent", "false"));
            assertThat(s.honeypotTripped()).isFalse();
        }

        @Test
        void minimalJsonHasNoConsentButMinimalUrlencodedSaysFalse() {
            assertThat(parseJson(validForm()).data()).isEmpty();
            assertThat(parseForm(validForm()).data()).containsExactly(entry("consent", "false"));
        }

        @Test
        void stringsAreTrimmedAndEmptyStringsAreAbsent() {
            FormSubmission s = parseJson(validForm("firstName", "  Ann  ", "lastName", "   ", "company", ""));
            assertThat(s.data()).containsExactly(entry("firstName", "Ann"));
        }

        @Test
        void jsonNumbersBooleansAndNullsAreAccepted() {
            FormSubmission s = FormSubmissions.parse(JSON, json("email", "a@example.com", "formType", "newsletter",
                    "companySize", 120, "consent", false, "lastName", null));
            assertThat(s.data()).containsOnly(entry("companySize", "120"), entry("consent", "false"));
        }

        @Test
        void formTypeIsCaseInsensitive() {
            assertThat(parseJson(validForm("formType", "Trial_Signup")).formType()).isEqualTo("trial_signup");
        }

        @Test
        void toStringDoesNotLeakTheEmail() {
            FormSubmission s = parseJson(validForm("email", "secret.lead@example.com"));
            assertThat(s.toString()).doesNotContain("secret").contains(Emails.redact("secret.lead@example.com"));
        }
    }

    @Nested
    class MediaTypeAndSize {
        @ParameterizedTest
        @ValueSource(strings = {"text/plain", "multipart/form-data; boundary=----x", "application/xml",
                "application/json; charset=iso-8859-1", "application/x-www-form-urlencoded; charset=latin1",
                "application/jsonx", "application/json;charset", ""})
        void unsupportedContentTypesAre415(String contentType) {
            InvalidInput e = invalid(() -> FormSubmissions.parse(contentType, jsonOf(validForm())));
            assertThat(e.status()).isEqualTo(415);
            assertThat(e.errors()).singleElement().satisfies(err -> assertThat(err.field()).isEqualTo("Content-Type"));
        }

        @Test
        void missingContentTypeIs415() {
            assertInvalid(() -> FormSubmissions.parse(null, jsonOf(validForm())), 415, "Content-Type", "is missing");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Application/JSON", "application/json; charset=\"UTF-8\"", "application/json ; charset=utf8",
                "application/json; foo=bar"})
        void contentTypeIsCaseInsensitiveAndTakesUtf8(String contentType) {
            assertThat(FormSubmissions.parse(contentType, jsonOf(validForm())).email()).isEqualTo("lead@example.com");
        }

        @Test
        void over16KiBIs413AndExactly16KiBIsRead() {
            String prefix = "{\"email\":\"lead@example.com\",\"formType\":\"newsletter\",\"pad\":\"";
            int padLength = FormSubmissions.MAX_BODY_BYTES - prefix.length() - 2;
            byte[] exact = utf8(prefix + "x".repeat(padLength) + "\"}");
            assertThat(exact).hasSize(FormSubmissions.MAX_BODY_BYTES);
            assertThat(FormSubmissions.parse(JSON, exact).formType()).isEqualTo("newsletter");
            byte[] over = utf8(prefix + "x".repeat(padLength + 1) + "\"}");
            assertInvalid(() -> FormSubmissions.parse(JSON, over), 413, "body", "larger than 16384 bytes");
            assertInvalid(() -> FormSubmissions.parse(FORM, new byte[20_000]), 413, "body", "larger than");
        }

        @Test
        void wrongContentTypeWinsOverSize() {
            assertThat(invalid(() -> FormSubmissions.parse("text/plain", new byte[100_000])).status()).isEqualTo(415);
        }
    }

    @Nested
    class JsonStrictness {
        @Test
        void duplicateKeysNameTheKey() {
            byte[] body = utf8("{\"email\":\"a@example.com\",\"formType\":\"newsletter\",\"email\":\"b@example.com\"}");
            assertInvalid(() -> FormSubmissions.parse(JSON, body), 400, "email", "duplicate key");
        }

        @Test
        void duplicateUnknownKeysAreAlsoRejected() {
            byte[] body = utf8("{\"email\":\"a@example.com\",\"formType\":\"newsletter\",\"x\":1,\"x\":2}");
            assertInvalid(() -> FormSubmissions.parse(JSON, body), 400, "x", "duplicate key");
        }

        @Test
        void nestedValuesAreReportedPerFieldTogetherWithOtherErrors() {
            byte[] body = utf8("{\"email\":{\"a\":1},\"formType\":\"newsletter\",\"tags\":[1,[2]],\"country\":\"XX\"}");
            InvalidInput e = invalid(() -> FormSubmissions.parse(JSON, body));
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.errors()).containsExactlyInAnyOrder(
                    new FieldError("email", "must be a string, number or boolean, not an object"),
                    new FieldError("tags", "must be a string, number or boolean, not an array"),
                    new FieldError("country", "must be an ISO 3166-1 alpha-2 country code like US or DE"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "\"just a string\"", "42", "null", "true", "[{\"email\":\"a@example.com\"}]"})
        void bodyMustBeAnObject(String body) {
            assertInvalid(() -> FormSubmissions.parse(JSON, utf8(body)), 400, "body", "must be a JSON object");
        }

        @Test
        void emptyBodyIsNotAnObject() {
            assertInvalid(() -> FormSubmissions.parse(JSON, new byte[0]), 400, "body", "must be a JSON object");
            assertInvalid(() -> FormSubmissions.parse(JSON, null), 400, "body", "must be a JSON object");
        }

        @Test
        void malformedJsonSaysWhereWithoutEchoingInput() {
            String secret = "SECRETSECRET".repeat(100);
            byte[] body = utf8("{\"email\":\"a@example.com\",\n\"formType\": " + secret + "}");
            InvalidInput e = assertInvalid(() -> FormSubmissions.parse(JSON, body), 400, "body",
                    "malformed JSON at line 2, column");
            assertThat(e.getMessage()).doesNotContain("SECRET").hasSizeLessThan(200);
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"email\":\"a@example.com\",\"formType\":\"newsl", "{\"email\":",
                "{\"email\":\"a@example.com\"", "{"})
        void truncatedJsonSaysSo(String body) {
            assertInvalid(() -> FormSubmissions.parse(JSON, utf8(body)), 400, "body", "truncated JSON");
        }

        @Test
        void trailingContentIsRejected() {
            byte[] body = utf8("{\"email\":\"a@example.com\",\"formType\":\"newsletter\"} {\"x\":1}");
            assertInvalid(() -> FormSubmissions.parse(JSON, body), 400, "body", "unexpected content after");
        }

        @Test
        void invalidUtf8IsRejected() {
            byte[] body = Arrays.copyOf(jsonOf(validForm("firstName", "ab")), 0);
            byte[] bad = utf8("{\"email\":\"a@example.com\",\"formType\":\"newsletter\",\"firstName\":\"x\"}");
            bad[bad.length - 3] = (byte) 0xC3; // a lone UTF-8 lead byte
            assertThat(body).isEmpty();
            assertInvalid(() -> FormSubmissions.parse(JSON, bad), 400, "body", "not valid UTF-8");
        }

        @Test
        void deepNestingIsCutOff() {
            byte[] body = utf8("{\"x\":" + "[".repeat(1000) + "]".repeat(1000) + "}");
            assertInvalid(() -> FormSubmissions.parse(JSON, body), 400, "body", "parser limits");
        }

        @Test
        void loneSurrogateEscapesAreRejected() {
            byte[] body = utf8("{\"email\":\"a@example.com\",\"formType\":\"newsletter\",\"firstName\":\"\\ud800x\"}");
            assertInvalid(() -> FormSubmissions.parse(JSON, body), 400, "firstName", "invalid unicode");
        }
    }

    @Nested
    class UrlencodedStrictness {
        @Test
        void repeatedKnownFieldIsNamed() {
            byte[] body = utf8("email=a%40example.com&formType=newsletter&company=A&company=B&company=C");
            InvalidInput e = assertInvalid(() -> FormSubmissions.parse(FORM, body), 400, "company", "repeated");
            assertThat(e.errors()).hasSize(1);
        }

        @ParameterizedTest
        @ValueSource(strings = {"%", "%4", "%zz", "%G1", "abc%2"})
        void malformedPercentEscapesAreNamed(String badValue) {
            byte[] body = utf8("email=a%40example.com&formType=newsletter&company=" + badValue);
            assertInvalid(() -> FormSubmissions.parse(FORM, body), 400, "company", "malformed percent-escape");
        }

        @Test
        void malformedEscapeInARequiredFieldIsReportedOnce() {
            byte[] body = utf8("email=a%4&formType=newsletter");
            InvalidInput e = assertInvalid(() -> FormSubmissions.parse(FORM, body), 400, "email", "percent-escape");
            assertThat(e.errors()).hasSize(1);
        }

        @Test
        void malformedEscapeInAFieldName() {
            byte[] body = utf8("email=a%40example.com&formType=newsletter&comp%Xny=A");
            assertInvalid(() -> FormSubmissions.parse(FORM, body), 400, "body", "field name with a malformed");
        }

        @Test
        void percentEncodedInvalidUtf8IsRejected() {
            byte[] body = utf8("email=a%40example.com&formType=newsletter&firstName=%C3%28");
            assertInvalid(() -> FormSubmissions.parse(FORM, body), 400, "firstName", "invalid UTF-8");
        }

        @Test
        void plusIsSpaceAndEmptyPairsAreSkipped() {
            byte[] body = utf8("&&email=a%40example.com&&formType=newsletter&company=Acme+Corp%2B&firstName&");
            FormSubmission s = FormSubmissions.parse(FORM, body);
            assertThat(s.data()).containsOnly(entry("company", "Acme Corp+"), entry("consent", "false"));
        }
    }

    @Nested
    class FieldRules {
        @Test
        void allErrorsAreReportedAtOnce() {
            InvalidInput e = invalid(() -> parseJson(Map.ofEntries(
                    Map.entry("email", "not-an-email"), Map.entry("formType", "webinar"),
                    Map.entry("companySize", "lots"), Map.entry("country", "Germany"), Map.entry("phone", "call me"),
                    Map.entry("consent", "maybe"), Map.entry("pageUrl", "javascript:alert(1)"))));
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                    "email", "formType", "companySize", "country", "phone", "consent", "pageUrl");
            assertThat(e.getMessage()).doesNotContain("not-an-email").doesNotContain("call me");
        }

        @Test
        void emailAndFormTypeAreRequired() {
            InvalidInput e = invalid(() -> parseJson(Map.of("firstName", "Ann")));
            assertThat(e.errors()).containsExactly(new FieldError("email", "is required"),
                    new FieldError("formType", "is required"));
            InvalidInput blank = invalid(() -> parseForm(validForm("email", "   ")));
            assertThat(blank.errors()).containsExactly(new FieldError("email", "is required"));
        }

        @ParameterizedTest(name = "email {0}")
        @CsvSource(delimiter = '|', value = {
                "\"jane doe\"@example.com|quoted local parts",
                "jane..doe@example.com|consecutive dots",
                "jane@münchen.de|punycode",
                "jane@[127.0.0.1]|IP-address literals",
                "jane@localhost|two labels"})
        void exoticEmailsAreRejected(String email, String message) {
            assertInvalid(() -> parseJson(validForm("email", email)), 400, "email", message);
            assertInvalid(() -> parseForm(validForm("email", email)), 400, "email", message);
        }

        @Test
        void overlongEmailIsRejected() {
            String email = "a".repeat(300) + "@example.com";
            assertInvalid(() -> parseJson(validForm("email", email)), 400, "email", "longer than 254");
        }

        @Test
        void formTypeMustBeKnown() {
            assertInvalid(() -> parseJson(validForm("formType", "webinar")), 400, "formType",
                    "must be one of contact_sales, content_download, demo_request, newsletter, pricing_inquiry, trial_signup");
        }

        @ParameterizedTest(name = "{0} max {1}")
        @CsvSource({"firstName,100", "lastName,100", "company,200", "jobTitle,128", "industry,100",
                "utmSource,100", "utmCampaign,100"})
        void lengthLimits(String field, int max) {
            assertThat(parseJson(validForm(field, "x".repeat(max))).data()).containsKey(field);
            // Limits count characters (code points), not bytes.
            assertThat(parseJson(validForm(field, "\uD83D\uDE00".repeat(max))).data()).containsKey(field);
            assertInvalid(() -> parseJson(validForm(field, "x".repeat(max + 1))), 400, field,
                    "longer than " + max + " characters");
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"1,1", "250,250", "1000,1000", "'1,000',1000", "10000000,10000000", "51-200,51",
                "'51 - 200',51", "10000+,10000", "'10,000+',10000", "'1,001-5,000',1001", "More than 10000,10000",
                "'More than 10,000',10000", "0001,1"})
        void companySizeAcceptsNumbersAndRanges(String raw, String expected) {
            assertThat(parseJson(validForm("companySize", raw)).data()).containsEntry("companySize", expected);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-5", "10000001", "99999999999999", "1.5", "1e3", "lots", "200-51", "+",
                "1,00", "12 employees", "0-10", "--1"})
        void companySizeRejects(String raw) {
            assertThat(invalid(() -> parseJson(validForm("companySize", raw))).errors())
                    .singleElement().satisfies(err -> assertThat(err.field()).isEqualTo("companySize"));
        }

        @Test
        void companySizeMessages() {
            assertInvalid(() -> parseJson(validForm("companySize", "0")), 400, "companySize",
                    "between 1 and 10,000,000");
            assertInvalid(() -> parseJson(validForm("companySize", "200-51")), 400, "companySize",
                    "upper bound is below");
            assertInvalid(() -> FormSubmissions.parse(JSON, json("email", "a@example.com", "formType", "newsletter",
                    "companySize", 12.5)), 400, "companySize", "whole number");
        }

        @Test
        void industryIsLowerCasedAndTrimmed() {
            assertThat(parseJson(validForm("industry", "  Financial SERVICES ")).data())
                    .containsEntry("industry", "financial services");
        }

        @ParameterizedTest
        @CsvSource({"us,US", "De,DE", "gb,GB", "' br ',BR"})
        void countryIsUpperCased(String raw, String expected) {
            assertThat(parseJson(validForm("country", raw)).data()).containsEntry("country", expected);
        }

        @ParameterizedTest
        @ValueSource(strings = {"XX", "UK", "USA", "U", "Deutschland", "D3", "ÜS"})
        void countryMustBeIsoAlpha2(String raw) {
            assertInvalid(() -> parseJson(validForm("country", raw)), 400, "country", "ISO 3166-1 alpha-2");
        }

        @ParameterizedTest
        @ValueSource(strings = {"+1 (555) 010-9999", "030.1234.5678", "5550100"})
        void phoneAccepts(String phone) {
            assertThat(parseJson(validForm("phone", phone)).data()).containsEntry("phone", phone);
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {"call me|only contain digits", "+1 555 ext 12|only contain digits",
                "+1/555/0100|only contain digits", "+() -|must contain digits",
                "123456789012345678901234567890123|longer than 32"})
        void phoneRejects(String phone, String message) {
            assertInvalid(() -> parseJson(validForm("phone", phone)), 400, "phone", message);
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"true,true", "on,true", "yes,true", "1,true", "ON,true", "Yes,true", "false,false",
                "off,false", "no,false", "0,false"})
        void consentCheckboxValues(String raw, String expected) {
            assertThat(parseForm(validForm("consent", raw)).data()).containsEntry("consent", expected);
            assertThat(parseJson(validForm("consent", raw)).data()).containsEntry("consent", expected);
        }

        @Test
        void consentRejectsOtherValues() {
            assertInvalid(() -> parseForm(validForm("consent", "checked")), 400, "consent", "true or false");
            assertInvalid(() -> parseJson(validForm("consent", "2")), 400, "consent", "true or false");
        }

        @Test
        void missingCheckboxInUrlencodedMeansNoConsent() {
            assertThat(parseForm(validForm()).data()).containsEntry("consent", "false");
            assertThat(parseForm(validForm("consent", "")).data()).containsEntry("consent", "false");
            assertThat(parseJson(validForm()).data()).doesNotContainKey("consent");
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://example.com", "http://example.com/a?b=c#d", "HTTPS://Example.com:8443/x"})
        void pageUrlAccepts(String url) {
            assertThat(parseJson(validForm("pageUrl", url)).data()).containsEntry("pageUrl", url);
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {"javascript:alert(1)|absolute http or https", "/relative/path|absolute http",
                "ftp://example.com/x|absolute http", "https://|valid absolute", "https:///path|with a host",
                "https://exa mple.com|valid absolute", "https://user:pw@example.com/|user info",
                "mailto:a@example.com|absolute http"})
        void pageUrlRejects(String url, String message) {
            assertInvalid(() -> parseJson(validForm("pageUrl", url)), 400, "pageUrl", message);
        }

        @Test
        void urlsHaveA2048CharacterLimit() {
            String base = "https://example.com/";
            String ok = base + "a".repeat(2048 - base.length());
            assertThat(parseJson(validForm("pageUrl", ok, "redirect", ok)).redirect()).isEqualTo(ok);
            InvalidInput e = invalid(() -> parseJson(validForm("pageUrl", ok + "a", "redirect", ok + "a")));
            assertThat(e.errors()).containsExactly(new FieldError("pageUrl", "is longer than 2048 characters"),
                    new FieldError("redirect", "is longer than 2048 characters"));
        }

        @Test
        void redirectIsSyntaxCheckedAndNotStored() {
            FormSubmission s = parseJson(validForm("redirect", "https://evil.example.net/x"));
            assertThat(s.redirect()).isEqualTo("https://evil.example.net/x");
            assertThat(s.data()).doesNotContainKey("redirect");
            assertInvalid(() -> parseJson(validForm("redirect", "//evil.example.net")), 400, "redirect", "absolute");
            assertInvalid(() -> parseJson(validForm("redirect", "javascript:alert(1)")), 400, "redirect", "absolute");
            assertThat(parseJson(validForm()).redirect()).isNull();
        }

        @Test
        void aRedirectMayBeAPathOnThePostingSiteButNeverAnotherSite() {
            assertThat(parseForm(validForm("redirect", "/thank-you.html?form=demo")).redirect())
                    .isEqualTo("/thank-you.html?form=demo");
            // Browsers read "/\host" as "//host".
            assertInvalid(() -> parseJson(validForm("redirect", "/\\evil.example.net/")), 400, "redirect", "single /");
            assertInvalid(() -> parseJson(validForm("redirect", "/thank you")), 400, "redirect", "valid path");
            assertInvalid(() -> parseJson(validForm("redirect", "/" + "a".repeat(2048))), 400, "redirect",
                    "longer than 2048");
        }

        @Test
        void submissionIdRules() {
            assertThat(parseJson(validForm("submissionId", "abcd-EF_9")).submissionId()).isEqualTo("abcd-EF_9");
            assertThat(parseJson(validForm("submissionId", "x".repeat(128))).submissionId()).hasSize(128);
            for (String bad : new String[] {"short", "x".repeat(129), "has space1", "dots.are.bad", "ümlaut123"}) {
                assertInvalid(() -> parseJson(validForm("submissionId", bad)), 400, "submissionId", "8 to 128");
            }
            assertThat(parseJson(validForm()).submissionId()).isNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"Ann\u0000", "A\nnn", "\tAnn", "Ann\r\n", "A\u007fnn", "A\u0085nn", "A\u001bnn"})
        void controlCharactersAreRejectedEvenAtTheEnds(String name) {
            assertInvalid(() -> parseJson(validForm("firstName", name)), 400, "firstName", "control characters");
            assertInvalid(() -> parseForm(validForm("firstName", name)), 400, "firstName", "control characters");
        }

        @Test
        void unknownFieldsAreIgnoredEvenWhenInvalid() {
            FormSubmission s = parseJson(validForm("favouriteColour", "blue\u0000", "utm_medium", "x".repeat(5000)));
            assertThat(s.data()).isEmpty();
        }
    }

    @Nested
    class Honeypot {
        @Test
        void filledHoneypotIsFlagged() {
            FormSubmission s = parseForm(validForm("website", "http://spam.example"));
            assertThat(s.honeypotTripped()).isTrue();
            assertThat(parseJson(validForm("website", "x")).honeypotTripped()).isTrue();
        }

        @Test
        void emptyOrBlankHoneypotIsNotTripped() {
            assertThat(parseForm(validForm("website", "")).honeypotTripped()).isFalse();
            assertThat(parseJson(validForm("website", "   ")).honeypotTripped()).isFalse();
            assertThat(parseJson(validForm()).honeypotTripped()).isFalse();
        }

        @Test
        void invalidSubmissionWithTrippedHoneypotCarriesTheFlag() {
            InvalidInput e = invalid(() -> parseForm(validForm("website", "spam", "email", "bot")));
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.honeypotTripped()).isTrue();
            assertThat(e.errors()).extracting(FieldError::field).containsExactly("email");
            InvalidInput human = invalid(() -> parseForm(validForm("email", "bot")));
            assertThat(human.honeypotTripped()).isFalse();
        }

        @Test
        void unreadableHoneypotCountsAsTripped() {
            InvalidInput repeated = invalid(() -> FormSubmissions.parse(FORM,
                    utf8("email=a%40example.com&formType=newsletter&website=a&website=b")));
            assertThat(repeated.honeypotTripped()).isTrue();
            InvalidInput nested = invalid(() -> FormSubmissions.parse(JSON,
                    utf8("{\"email\":\"a@example.com\",\"formType\":\"newsletter\",\"website\":[\"x\"]}")));
            assertThat(nested.honeypotTripped()).isTrue();
        }

        @Test
        void honeypotValueIsNeverValidated() {
            FormSubmission s = parseJson(validForm("website", "x\u0000".repeat(1000)));
            assertThat(s.honeypotTripped()).isTrue();
        }
    }
}
