package com.leadqual.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One test per kind of bad ruleset; each asserts the path and the problem in the message. */
class RulesValidationTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static String defaultJson() {
        try (InputStream in = Ruleset.class.getResourceAsStream(Ruleset.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String mutated(Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) MAPPER.readTree(defaultJson());
            change.accept(root);
            return MAPPER.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode fit(ObjectNode root, int i) {
        return (ObjectNode) root.withArray("fit").get(i);
    }

    static ObjectNode eng(ObjectNode root, int i) {
        return (ObjectNode) root.withArray("engagement").get(i);
    }

    static void rejects(Consumer<ObjectNode> change, String path, String problem) {
        String json = mutated(change);
        assertThatThrownBy(() -> Ruleset.parse(json))
                .isInstanceOf(RulesException.class)
                .hasMessage(path + ": " + problem)
                .satisfies(e -> assertThat(((RulesException) e).path()).isEqualTo(path));
    }

    static void rejectsContaining(Consumer<ObjectNode> change, String path, String problemPart) {
        String json = mutated(change);
        assertThatThrownBy(() -> Ruleset.parse(json))
                .isInstanceOf(RulesException.class)
                .hasMessageStartingWith(path + ": ")
                .hasMessageContaining(problemPart)
                .satisfies(e -> assertThat(((RulesException) e).path()).isEqualTo(path));
    }

    // ---------------------------------------------------------------- accepted

    @Test
    void defaultRulesetLoadsAndHasAStableVersion() {
        Ruleset r = Ruleset.defaults();
        assertThat(r.version()).matches("[0-9a-f]{12}");
        assertThat(Ruleset.defaults()).isSameAs(r);
        assertThat(Ruleset.parse(defaultJson()).version()).isEqualTo(r.version());
    }

    @Test
    void reformattingAndKeyOrderDoNotChangeTheVersion() throws IOException {
        ObjectNode root = (ObjectNode) MAPPER.readTree(defaultJson());
        String compact = MAPPER.writeValueAsString(root);
        String pretty = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        ObjectNode reordered = MAPPER.createObjectNode();
        java.util.List<String> names = new java.util.ArrayList<>();
        root.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        names.forEach(n -> reordered.set(n, root.get(n)));
        String v = Ruleset.defaults().version();
        assertThat(Ruleset.parse(compact).version()).isEqualTo(v);
        assertThat(Ruleset.parse(pretty).version()).isEqualTo(v);
        assertThat(Ruleset.parse(MAPPER.writeValueAsString(reordered)).version()).isEqualTo(v);
    }

    @Test
    void changingARuleChangesTheVersion() {
        String json = mutated(r -> fit(r, 0).put("points", 21));
        assertThat(Ruleset.parse(json).version()).isNotEqualTo(Ruleset.defaults().version());
    }

    @Test
    void loadsAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.json");
        Files.writeString(file, mutated(r -> r.put("name", "custom")));
        Ruleset r = Ruleset.load(file);
        assertThat(r.name()).isEqualTo("custom");
        assertThat(Ruleset.loadOrDefaults(file.toString()).version()).isEqualTo(r.version());
        assertThat(Ruleset.loadOrDefaults(" ")).isSameAs(Ruleset.defaults());
    }

    @Test
    void badFileIsRejectedWithTheDocumentPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.json");
        Files.writeString(file, "{\"fit\": [");
        assertThatThrownBy(() -> Ruleset.load(file)).isInstanceOf(RulesException.class)
                .hasMessageStartingWith("$: invalid JSON: ");
    }

    // ---------------------------------------------------------------- rejected

    @Test
    void malformedJson() {
        assertThatThrownBy(() -> Ruleset.parse("{\"grades\": [}")).isInstanceOf(RulesException.class)
                .hasMessageStartingWith("$: invalid JSON: ").hasMessageContaining("line 1");
    }

    @Test
    void documentNotAnObject() {
        assertThatThrownBy(() -> Ruleset.parse("[1, 2]")).isInstanceOf(RulesException.class)
                .hasMessage("$: expected an object, got an array");
    }

    @Test
    void duplicateJsonKey() {
        String json = defaultJson().replaceFirst("\"name\": \"leadqual-default\",",
                "\"name\": \"a\", \"name\": \"b\",");
        assertThatThrownBy(() -> Ruleset.parse(json)).isInstanceOf(RulesException.class)
                .hasMessageStartingWith("$: invalid JSON: Duplicate field 'name'");
    }

    @Test
    void unknownRootField() {
        rejects(r -> r.put("colour", "red"), "colour", "unknown field (allowed: description, disqualifiers, "
                + "domains, engagement, fit, grades, name, seniority, stages)");
    }

    @Test
    void unknownFieldInARule() {
        rejectsContaining(r -> eng(r, 2).put("halfLife", 3), "engagement[2].halfLife", "unknown field (allowed: ");
    }

    @Test
    void missingRequiredField() {
        rejects(r -> eng(r, 1).remove("eventType"), "engagement[1].eventType", "required field is missing");
        rejects(r -> r.remove("stages"), "stages", "required field is missing");
        rejects(r -> fit(r, 0).remove("id"), "fit[0].id", "required field is missing");
    }

    @Test
    void wrongTypes() {
        rejects(r -> fit(r, 3).put("points", "15"), "fit[3].points", "expected an integer, got a string \"15\"");
        rejects(r -> fit(r, 3).put("points", 1.5), "fit[3].points", "expected an integer, got a number 1.5");
        rejects(r -> r.put("fit", "all"), "fit", "expected an array, got a string");
        rejects(r -> fit(r, 0).put("equals", 3), "fit[0].equals", "expected a string, got an integer");
        rejects(r -> ((ObjectNode) r.get("stages").get("mql")).put("requireConsent", "yes"),
                "stages.mql.requireConsent", "expected a boolean, got a string");
        rejects(r -> r.withArray("engagement").set(0, MAPPER.getNodeFactory().textNode("x")), "engagement[0]",
                "expected an object, got a string");
    }

    @Test
    void blankString() {
        rejects(r -> fit(r, 1).put("id", "  "), "fit[1].id", "must not be blank");
    }

    @Test
    void zeroPoints() {
        rejects(r -> eng(r, 4).put("points", 0), "engagement[4].points", "must not be 0");
    }

    @Test
    void duplicateRuleIds() {
        rejects(r -> eng(r, 3).put("id", "industry-software"), "engagement[3].id",
                "duplicate rule id 'industry-software' (first used at fit[4])");
    }

    @Test
    void reservedRuleId() {
        rejects(r -> fit(r, 0).put("id", "unknown-event-type"), "fit[0].id",
                "'unknown-event-type' is reserved for the engine's notes");
    }

    @Test
    void badRegex() {
        rejects(r -> fit(r, 12).put("pattern", "[0-9+"), "fit[12].pattern",
                "invalid regex '[0-9+': Unclosed character class near index 4");
    }

    @Test
    void rangeMinAboveMax() {
        rejects(r -> ((ObjectNode) fit(r, 7).get("range")).put("min", 2000), "fit[7].range", "min 2000 > max 999");
    }

    @Test
    void emptyRange() {
        rejects(r -> fit(r, 7).putObject("range"), "fit[7].range", "at least one of min, max is required");
    }

    @Test
    void rangeOnATextField() {
        rejects(r -> {
            fit(r, 4).remove("oneOf");
            fit(r, 4).putObject("range").put("min", 1);
        }, "fit[4].range", "range needs a numeric field (companySize), not 'industry'");
    }

    @Test
    void noOperatorOrSeveral() {
        rejects(r -> fit(r, 0).remove("equals"), "fit[0]", "exactly one of equals, oneOf, pattern, range is required (found none)");
        rejects(r -> fit(r, 0).put("pattern", "x.*"), "fit[0]",
                "exactly one of equals, oneOf, pattern, range is required (found equals, pattern)");
    }

    @Test
    void emptyOneOf() {
        rejects(r -> fit(r, 4).putArray("oneOf"), "fit[4].oneOf", "must not be empty");
    }

    @Test
    void unknownEventType() {
        rejectsContaining(r -> eng(r, 6).put("eventType", "page_view"), "engagement[6].eventType",
                "unknown event type 'page_view' (allowed: disqualified, email_bounced, form_submitted, ");
    }

    @Test
    void joinAndLeaveAreNotScoredDirectly() {
        rejectsContaining(r -> eng(r, 6).put("eventType", "webinar_joined"), "engagement[6].eventType",
                "'webinar_joined' is not scored directly");
    }

    @Test
    void unknownEventField() {
        rejectsContaining(r -> ((ObjectNode) eng(r, 8).withArray("when").get(0)).put("field", "duration"),
                "engagement[8].when[0].field", "unknown event field 'duration' (allowed: ");
    }

    @Test
    void unknownProfileField() {
        rejects(r -> fit(r, 4).put("field", "sector"), "fit[4].field", "unknown field 'sector' (allowed: company, "
                + "companySize, country, emailDomain, emailDomainClass, firstName, industry, jobTitle, lastName, "
                + "phone, seniority)");
    }

    @Test
    void unknownDomainClass() {
        rejects(r -> fit(r, 10).put("equals", "CORPORATE"), "fit[10].equals",
                "unknown domain class 'CORPORATE' (allowed: [BUSINESS, FREE_MAIL, DISPOSABLE, COMPETITOR])");
    }

    @Test
    void unknownSeniorityLevel() {
        rejects(r -> fit(r, 0).put("equals", "overlord"), "fit[0].equals",
                "unknown seniority level 'overlord' (declared: [director, executive, individual, manager, student] and unknown)");
    }

    @Test
    void unknownFormType() {
        rejects(r -> ((ObjectNode) eng(r, 0).withArray("when").get(0)).put("equals", "demo"),
                "engagement[0].when[0].equals", "unknown form type 'demo' (allowed: [contact_sales, "
                        + "content_download, demo_request, newsletter, pricing_inquiry, trial_signup])");
    }

    @Test
    void unknownStage() {
        rejects(r -> ((ObjectNode) r.get("stages")).putObject("opportunity").put("minTotal", 200),
                "stages.opportunity", "unknown field (allowed: mql, recycle, sql)");
    }

    @Test
    void nonPositiveHalfLife() {
        rejects(r -> ((ObjectNode) eng(r, 2).get("decay")).put("halfLifeDays", 0),
                "engagement[2].decay.halfLifeDays", "must be > 0 (got 0)");
        rejects(r -> ((ObjectNode) eng(r, 2).get("decay")).put("halfLifeDays", -7.5),
                "engagement[2].decay.halfLifeDays", "must be > 0 (got -7.5)");
    }

    @Test
    void nonPositiveExpiry() {
        rejects(r -> ((ObjectNode) eng(r, 5).get("decay")).put("expireAfterDays", 0),
                "engagement[5].decay.expireAfterDays", "must be > 0 (got 0)");
    }

    @Test
    void twoDecayKinds() {
        rejects(r -> ((ObjectNode) eng(r, 5).get("decay")).put("halfLifeDays", 10), "engagement[5].decay",
                "exactly one of halfLifeDays, expireAfterDays is required");
    }

    @Test
    void negativeRuleMustNotDecay() {
        rejects(r -> eng(r, 10).putObject("decay").put("halfLifeDays", 30), "engagement[10].decay",
                "a negative rule must not decay: its decay would raise the score over time");
    }

    @Test
    void nonPositiveCap() {
        rejects(r -> ((ObjectNode) eng(r, 4).get("cap")).put("points", 0), "engagement[4].cap.points",
                "must be > 0 (got 0)");
        rejects(r -> ((ObjectNode) eng(r, 4).get("cap")).put("windowDays", -1), "engagement[4].cap.windowDays",
                "must be > 0 (got -1)");
    }

    @Test
    void gradeBandsMustCatchEverything() {
        rejects(r -> ((ObjectNode) r.withArray("grades").get(3)).put("minFit", 0), "grades[3].minFit",
                "the last band must catch every fit score: omit minFit");
        rejects(r -> r.putArray("grades"), "grades", "must not be empty: at least one band that catches everything");
    }

    @Test
    void gradeBandsMustDescend() {
        rejects(r -> ((ObjectNode) r.withArray("grades").get(1)).put("minFit", 60), "grades[1].minFit",
                "bands must be in descending minFit order (60 >= 50 of grades[0])");
        rejects(r -> ((ObjectNode) r.withArray("grades").get(1)).remove("minFit"), "grades[1].minFit",
                "required field is missing (only the last band may omit it)");
    }

    @Test
    void duplicateGrade() {
        rejects(r -> ((ObjectNode) r.withArray("grades").get(1)).put("grade", "A"), "grades[1].grade",
                "duplicate grade 'A'");
    }

    @Test
    void badDomains() {
        rejects(r -> ((ArrayNode) r.get("domains").get("freeMail")).add("not a domain"), "domains.freeMail[19]",
                "'not a domain' is not a domain name");
        rejects(r -> ((ArrayNode) r.get("domains").get("competitor")).add("gmail.com"), "domains.competitor[3]",
                "domain 'gmail.com' is already listed at domains.freeMail[0]");
    }

    @Test
    void badSeniorityLevels() {
        rejects(r -> ((ObjectNode) r.withArray("seniority").get(1)).put("level", "executive"), "seniority[1].level",
                "duplicate seniority level 'executive'");
        rejects(r -> ((ObjectNode) r.withArray("seniority").get(1)).put("level", "unknown"), "seniority[1].level",
                "'unknown' is reserved for titles no level matches");
        rejects(r -> ((ObjectNode) r.withArray("seniority").get(1)).putArray("keywords"), "seniority[1].keywords",
                "must not be empty");
    }

    @Test
    void disqualifierNeedsExactlyOneOfFieldOrEventType() {
        rejects(r -> ((ObjectNode) r.withArray("disqualifiers").get(0)).put("eventType", "disqualified"),
                "disqualifiers[0]", "exactly one of field, eventType is required");
        rejects(r -> ((ObjectNode) r.withArray("disqualifiers").get(2)).put("equals", "x"),
                "disqualifiers[2].equals", "operators apply to field disqualifiers only; put event conditions in 'when'");
        rejects(r -> ((ObjectNode) r.withArray("disqualifiers").get(0)).remove("reason"),
                "disqualifiers[0].reason", "required field is missing");
    }

    @Test
    void stageThresholdsMustBeConsistent() {
        rejects(r -> ((ObjectNode) r.get("stages").get("sql")).put("minTotal", 60), "stages.sql.minTotal",
                "must be greater than stages.mql.minTotal (60 <= 60)");
        rejects(r -> ((ObjectNode) r.get("stages").get("recycle")).put("hysteresis", -1),
                "stages.recycle.hysteresis", "must be >= 0 (got -1)");
        rejects(r -> {
            ObjectNode sql = (ObjectNode) r.get("stages").get("sql");
            sql.remove("handRaise");
            sql.remove("minTotal");
        }, "stages.sql", "at least one of handRaise, minTotal is required");
    }
}
