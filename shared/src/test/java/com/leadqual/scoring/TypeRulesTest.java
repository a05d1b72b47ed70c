package com.leadqual.scoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index of a type's engagement rules by a commonly tested field (formType for forms) must pick exactly the
 * rules that testing every rule picks, whatever the value's case or script.
 */
class TypeRulesTest {
    /** Equals and oneOf on pageUrl in mixed case, a rule with a second condition. */
    static final Ruleset RULES = withEngagement("""
            [
              {"id": "demo", "eventType": "form_submitted", "when": [{"field": "pageUrl", "equals": "Demo_Page"}],
               "points": 40},
              {"id": "sales", "eventType": "form_submitted",
               "when": [{"field": "pageUrl", "oneOf": ["contact_sales", "Kontakt", "strasse"]}], "points": 30},
              {"id": "demo-form", "eventType": "form_submitted",
               "when": [{"field": "pageUrl", "equals": "demo_page"}, {"field": "formType", "equals": "demo_request"}],
               "points": 5},
              {"id": "download", "eventType": "form_submitted",
               "when": [{"field": "pageUrl", "equals": "content_download"}], "points": 10},
              {"id": "pricing", "eventType": "form_submitted", "when": [{"field": "pageUrl", "equals": "Sales_Page"}],
               "points": 20}
            ]
            """);
    /** An equals value outside ASCII, where equalsIgnoreCase and lower-case comparison part ways. */
    static final Ruleset KELVIN = withEngagement("""
            [
              {"id": "kelvin", "eventType": "form_submitted", "when": [{"field": "pageUrl", "equals": "\u212Aelvin"}],
               "points": 1},
              {"id": "download", "eventType": "form_submitted",
               "when": [{"field": "pageUrl", "equals": "content_download"}], "points": 10}
            ]
            """);

    /** The default rules with other engagement rules. */
    static Ruleset withEngagement(String engagement) {
        try {
            ObjectNode tree = (ObjectNode) ScoringPropertiesTest.DEFAULT_TREE.deepCopy();
            tree.set("engagement", ScoringPropertiesTest.JSON.readTree(engagement));
            return Ruleset.parse(ScoringPropertiesTest.JSON.writeValueAsString(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 2000)
    void theIndexPicksWhatTestingEveryRulePicks(@ForAll("values") String pageUrl, @ForAll boolean demoForm) {
        Map<String, String> data = Map.of("pageUrl", pageUrl, "formType", demoForm ? "demo_request" : "newsletter");
        for (Ruleset rules : List.of(RULES, KELVIN)) {
            Ruleset.TypeRules forms = rules.engagementByType[EventTypes.FORM_SUBMITTED_CODE];
            assertThat(matched(rules, forms, data)).isEqualTo(matching(forms.all, data));
        }
    }

    @Test
    void throughTheIndexOnlyTheOtherConditionsAreTested() {
        Ruleset.TypeRules forms = RULES.engagementByType[EventTypes.FORM_SUBMITTED_CODE];
        assertThat(matched(RULES, forms, Map.of("formType", "newsletter"))).isEmpty();
        assertThat(matched(RULES, forms, Map.of("pageUrl", "DEMO_page"))).containsExactly("demo");
        assertThat(matched(RULES, forms, Map.of("pageUrl", "demo_page", "formType", "Demo_Request")))
                .containsExactly("demo", "demo-form");
        assertThat(matched(RULES, forms, Map.of("pageUrl", "kontakt"))).containsExactly("sales");
        assertThat(matched(RULES, forms, Map.of("pageUrl", "STRAßE"))).isEmpty();
    }

    @Test
    void withoutAnASCIIEqualityFieldCommonToAllRulesEveryRuleIsTested() {
        Ruleset.TypeRules kelvin = KELVIN.engagementByType[EventTypes.FORM_SUBMITTED_CODE];
        assertThat(matched(KELVIN, kelvin, Map.of("pageUrl", "kelvin"))).containsExactly("kelvin");
        Ruleset defaults = Ruleset.defaults();
        Ruleset.TypeRules webinars = defaults.engagementByType[EventTypes.WEBINAR_ATTENDED_CODE];
        assertThat(matched(defaults, webinars, Map.of("minutes", "45")))
                .containsExactly("webinar-attended", "webinar-attended-30min");
        assertThat(matched(defaults, webinars, Map.of("minutes", "29"))).containsExactly("webinar-attended");
    }

    /** The ids of the rules {@link Ruleset.TypeRules#matchInto} names. */
    static List<String> matched(Ruleset rules, Ruleset.TypeRules type, Map<String, String> data) {
        int[] out = new int[type.all.length];
        int n = type.matchInto(data, out);
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            ids.add(rules.engagement[out[k]].id);
        }
        return ids;
    }

    static List<String> matching(Ruleset.EngagementRule[] rules, Map<String, String> data) {
        List<String> ids = new ArrayList<>();
        for (Ruleset.EngagementRule r : rules) {
            if (r.matches(data)) {
                ids.add(r.id);
            }
        }
        return ids;
    }

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> known = Arbitraries.of("demo_page", "contact_sales", "sales_page", "kontakt", "strasse", "kelvin",
                "content_download", "newsletter");
        // the same values in random case, with the characters that fold into ASCII letters or out of them
        Arbitrary<String> folded = known.flatMap(v -> Arbitraries.integers().between(0, 1 << Math.min(v.length(), 20))
                .map(mask -> {
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < v.length(); i++) {
                        char c = v.charAt(i);
                        b.append((mask >> i & 1) == 1 ? Character.toUpperCase(c) : c);
                    }
                    return b.toString();
                }));
        Arbitrary<String> traps = Arbitraries.of("\u212Aelvin", "KELVIN", "STRASSE", "strasse", "STRAßE",
                "demo_pageſ", "demo_\u017Fage", "contact_sales ", "\u017Fales_page", "SALES_PAGE", "İ", "ı", "", "\u212Aontakt");
        return Arbitraries.oneOf(known, folded, traps, Arbitraries.strings().ofMaxLength(12));
    }
}
