package com.leadqual.scoring;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A validated, compiled scoring ruleset (see docs/RULES.md). Immutable and thread-safe. Validation happens once,
 * in {@link #parse}; scoring then only reads precompiled structures.
 */
public final class Ruleset {
    /** Classpath location of the default ruleset. */
    public static final String DEFAULT_RESOURCE = "/rules/default-rules.json";
    public static final String UNKNOWN_SENIORITY = "unknown";

    // ---- profile fields usable in fit rules and disqualifiers (index = position in the value array) ----
    static final int P_FIRST_NAME = 0, P_LAST_NAME = 1, P_COMPANY = 2, P_JOB_TITLE = 3, P_COMPANY_SIZE = 4,
            P_INDUSTRY = 5, P_COUNTRY = 6, P_PHONE = 7, P_EMAIL_DOMAIN = 8, P_DOMAIN_CLASS = 9, P_SENIORITY = 10;
    static final List<String> PROFILE_FIELDS = List.of(EventFields.FIRST_NAME, EventFields.LAST_NAME,
            EventFields.COMPANY, EventFields.JOB_TITLE, EventFields.COMPANY_SIZE, EventFields.INDUSTRY,
            EventFields.COUNTRY, EventFields.PHONE, "emailDomain", "emailDomainClass", "seniority");
    /** Event types a rule may name: joins and leaves are paired into webinar_attended before rules apply. */
    static final Set<String> SCORABLE_EVENT_TYPES;
    static final Set<String> EVENT_DATA_FIELDS;

    static {
        Set<String> types = new HashSet<>(EventTypes.ALL);
        types.remove(EventTypes.WEBINAR_JOINED);
        types.remove(EventTypes.WEBINAR_LEFT);
        SCORABLE_EVENT_TYPES = Set.copyOf(types);
        Set<String> fields = new HashSet<>();
        for (Field f : EventFields.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    fields.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        EVENT_DATA_FIELDS = Set.copyOf(fields);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    private static final Set<String> ROOT_FIELDS = Set.of("name", "description", "domains", "seniority", "fit",
            "engagement", "disqualifiers", "grades", "stages");
    /** Ids the engine uses for its own notes. */
    static final String UNKNOWN_TYPE_ID = "unknown-event-type";
    static final String UNSCORED_ID = "unscored";
    static final String SESSIONS_ID = "webinar-sessions";
    private static final Set<String> RESERVED_IDS = Set.of(UNKNOWN_TYPE_ID, UNSCORED_ID, SESSIONS_ID);

    // ---- compiled rules ----
    /** {@code reasonPrefix}: the start of its reason, "Executive: +20 (seniority '", built once. */
    record FitRule(String id, String description, Cond cond, int points, String reasonPrefix) {
        FitRule(String id, String description, Cond cond, int points) {
            this(id, description, cond, points, description + ": " + LeadScorer.signed(points) + " (" + cond.field
                    + " '");
        }
    }

    enum DecayKind { NONE, HALF_LIFE, EXPIRE }

    static final class EngagementRule {
        final int index;
        final String id;
        final String description;
        final String eventType;
        final Cond[] when;
        final int points;
        /** 0 when uncapped. */
        final int capPoints;
        /** Length of the rolling cap window in seconds; 0 = the cap spans all time. */
        final long capWindowSeconds;
        final int capWindowDays;
        final DecayKind decay;
        final double halfLifeDays;
        final int expireAfterDays;
        /** factors[k] = 0.5^(k / halfLifeDays) for small ages, so scoring needs no pow. */
        private final double[] factors;
        /** For an event that earned the full points: its value at age k, and the next age its value differs
         *  (-1: never, -2: beyond the table), so scoring a full event needs no arithmetic. */
        private final int[] fullValue;
        private final int[] fullNextChange;
        /** Reason parts built once: "Description: " and " pts" after the signed points. */
        final String reasonHead;
        final String reasonPoints;

        EngagementRule(int index, String id, String description, String eventType, Cond[] when, int points,
                int capPoints, int capWindowDays, DecayKind decay, double halfLifeDays, int expireAfterDays) {
            this.index = index;
            this.id = id;
            this.description = description;
            this.eventType = eventType;
            this.when = when;
            this.points = points;
            this.capPoints = capPoints;
            this.capWindowDays = capWindowDays;
            this.capWindowSeconds = capWindowDays * 86_400L;
            this.decay = decay;
            this.halfLifeDays = halfLifeDays;
            this.expireAfterDays = expireAfterDays;
            if (decay == DecayKind.HALF_LIFE) {
                factors = new double[1100];
                for (int k = 0; k < factors.length; k++) {
                    factors[k] = StrictMath.pow(0.5, k / halfLifeDays);
                }
                fullValue = new int[factors.length];
                fullNextChange = new int[factors.length];
                for (int k = 0; k < factors.length; k++) {
                    fullValue[k] = (int) Math.floor(points * factors[k] + 0.5);
                }
                fullNextChange[factors.length - 1] = -2;
                for (int k = factors.length - 2; k >= 0; k--) {
                    fullNextChange[k] = fullValue[k] == 0 ? -1
                            : fullValue[k + 1] != fullValue[k] ? k + 1 : fullNextChange[k + 1];
                }
            } else {
                factors = null;
                fullValue = null;
                fullNextChange = null;
            }
            reasonHead = description + ": ";
            reasonPoints = " at " + LeadScorer.signed(points) + " pts";
        }

        boolean matches(Map<String, String> data) {
            return holds(when, data);
        }

        /** The value of {@code earned} points at an age of {@code ageDays} whole days. */
        int value(int earned, long ageDays) {
            switch (decay) {
                case HALF_LIFE: {
                    if (earned == points && ageDays < fullValue.length) {
                        return fullValue[(int) ageDays];
                    }
                    double f = ageDays < factors.length ? factors[(int) ageDays]
                            : StrictMath.pow(0.5, ageDays / halfLifeDays);
                    return (int) Math.floor(earned * f + 0.5);
                }
                case EXPIRE:
                    return ageDays < expireAfterDays ? earned : 0;
                default:
                    return earned;
            }
        }

        /**
         * The smallest age in days greater than {@code ageDays} at which the value of {@code earned} differs from
         * its value at {@code ageDays}, or -1 if it never changes again.
         */
        long nextChangeAge(int earned, long ageDays) {
            int v = value(earned, ageDays);
            switch (decay) {
                case EXPIRE:
                    return v != 0 ? expireAfterDays : -1;
                case HALF_LIFE: {
                    if (v == 0) {
                        return -1;
                    }
                    if (earned == points && ageDays < fullNextChange.length && fullNextChange[(int) ageDays] != -2) {
                        return fullNextChange[(int) ageDays];
                    }
                    // value < v  <=>  earned * 0.5^(k/h) + 0.5 < v  <=>  k > h * log2(earned / (v - 0.5))
                    double bound = halfLifeDays * (Math.log(earned / (v - 0.5)) / Math.log(2));
                    long k = Math.max(ageDays + 1, (long) Math.floor(bound) + 1);
                    // correct any floating-point off-by-one with the scoring formula itself
                    while (k - 1 > ageDays && value(earned, k - 1) != v) {
                        k--;
                    }
                    while (value(earned, k) == v) {
                        k++;
                    }
                    return k;
                }
                default:
                    return -1;
            }
        }
    }

    /**
     * The engagement rules of one event type, in rule order, indexed by the value of a field every one of them
     * tests with equals / oneOf when there is such a field (form_submitted rules by formType): an event is then
     * tested against the rules its value names, not against all of them.
     */
    static final class TypeRules {
        private static final EngagementRule[] NONE = new EngagementRule[0];
        final EngagementRule[] all;
        private final String field;
        /** Lower-cased value of {@link #field} → positions in {@link #all} of the rules that accept it. */
        private final Map<String, int[]> byValue;
        /** By position in {@link #all}: the rule's conditions other than the one on {@link #field}. */
        private final Cond[][] beyondField;

        TypeRules(List<EngagementRule> rules) {
            all = rules.toArray(NONE);
            String common = null;
            Map<String, List<Integer>> index = null;
            if (all.length > 1) {
                for (Cond candidate : all[0].when) {
                    index = indexBy(candidate.field);
                    if (index != null) {
                        common = candidate.field;
                        break;
                    }
                }
            }
            field = common;
            Map<String, int[]> byValue = new HashMap<>();
            if (index != null) {
                index.forEach((v, l) -> byValue.put(v, l.stream().mapToInt(Integer::intValue).toArray()));
            }
            this.byValue = byValue;
            beyondField = new Cond[all.length][];
            for (int p = 0; p < all.length; p++) {
                beyondField[p] = Arrays.stream(all[p].when).filter(c -> !c.field.equals(field)).toArray(Cond[]::new);
            }
        }

        /** Value → rule positions when every rule has an ASCII equals / oneOf condition on {@code field}, else null. */
        private Map<String, List<Integer>> indexBy(String field) {
            Map<String, List<Integer>> index = new HashMap<>();
            for (int p = 0; p < all.length; p++) {
                Set<String> values = null;
                for (Cond c : all[p].when) {
                    if (c.field.equals(field)) {
                        values = c.asciiValues();
                        break;
                    }
                }
                if (values == null) {
                    return null;
                }
                for (String v : values) {
                    index.computeIfAbsent(v, k -> new ArrayList<>()).add(p); // rule order kept
                }
            }
            return index;
        }

        /**
         * Writes the {@link EngagementRule#index} of every rule that matches an event with these data into
         * {@code out} (room for {@link #all}), in rule order; returns how many. Through the index, a rule's
         * condition on the indexed field holds by construction and is not tested again.
         */
        int matchInto(Map<String, String> data, int[] out) {
            if (field == null) {
                return matchEvery(data, out);
            }
            String v = data.get(field);
            if (v == null) {
                return 0;
            }
            int[] positions = byValue.get(v); // values usually arrive in lower case already
            if (positions == null) {
                if (!Cond.isAscii(v)) {
                    return matchEvery(data, out);
                }
                String lower = v.toLowerCase(Locale.ROOT);
                positions = lower.equals(v) ? null : byValue.get(lower);
                if (positions == null) {
                    return 0;
                }
            }
            int n = 0;
            for (int p : positions) {
                if (holds(beyondField[p], data)) {
                    out[n++] = all[p].index;
                }
            }
            return n;
        }

        private int matchEvery(Map<String, String> data, int[] out) {
            int n = 0;
            for (EngagementRule r : all) {
                if (r.matches(data)) {
                    out[n++] = r.index;
                }
            }
            return n;
        }
    }

    /** Whether every condition holds on the event's data. */
    static boolean holds(Cond[] when, Map<String, String> data) {
        for (Cond c : when) {
            if (!c.test(data.get(c.field))) {
                return false;
            }
        }
        return true;
    }

    record Disqualifier(int order, String id, String description, String reason, Cond profileCond,
            String eventType, Cond[] when) {
        boolean matchesEvent(Map<String, String> data) {
            return holds(when, data);
        }
    }

    record HandRaise(String eventType, Cond[] when, String text) {
        boolean matches(Map<String, String> data) {
            return holds(when, data);
        }
    }

    record Grade(String grade, Integer minFit) {
    }

    record SeniorityLevel(String level, String[] keywords) {
    }

    private final String version;
    private final String name;
    final Set<String> freeMail;
    final Set<String> disposable;
    final Set<String> competitor;
    final SeniorityLevel[] seniority;
    final FitRule[] fit;
    final EngagementRule[] engagement;
    /** Engagement rules by event type code ({@link EventTypes#code}); null where none. */
    final TypeRules[] engagementByType;
    final Disqualifier[] profileDisqualifiers;
    /** By event type code; null where none. */
    final Disqualifier[][] eventDisqualifiersByType;
    final Grade[] grades;
    final int mqlMinTotal;
    final int mqlMinFit;
    final boolean mqlRequireConsent;
    final int sqlMinFit;
    /** null when only a hand-raise leads to SQL. */
    final Integer sqlMinTotal;
    /** By event type code; null where none. */
    final HandRaise[][] handRaiseByType;
    final int hysteresis;

    private Ruleset(String version, JsonNode root) {
        this.version = version;
        JsonObj r = JsonObj.of(root, "$", ROOT_FIELDS);
        this.name = r.optString("name");
        r.optString("description");

        // domains
        JsonObj d = r.reqObj("domains", Set.of("freeMail", "disposable", "competitor"));
        Map<String, String> seen = new HashMap<>();
        this.freeMail = domains(d, "freeMail", seen);
        this.disposable = domains(d, "disposable", seen);
        this.competitor = domains(d, "competitor", seen);

        // seniority levels
        List<JsonNode> levels = r.array("seniority", true);
        this.seniority = new SeniorityLevel[levels.size()];
        Set<String> levelNames = new HashSet<>();
        for (int i = 0; i < levels.size(); i++) {
            JsonObj l = JsonObj.of(levels.get(i), r.at("seniority") + "[" + i + "]", Set.of("level", "keywords"));
            String level = l.reqString("level").trim().toLowerCase(Locale.ROOT);
            if (level.equals(UNKNOWN_SENIORITY)) {
                throw new RulesException(l.at("level"), "'unknown' is reserved for titles no level matches");
            }
            if (!levelNames.add(level)) {
                throw new RulesException(l.at("level"), "duplicate seniority level '" + level + "'");
            }
            List<String> kws = l.stringArray("keywords", true, true);
            String[] k = new String[kws.size()];
            for (int j = 0; j < k.length; j++) {
                k[j] = kws.get(j).trim().toLowerCase(Locale.ROOT);
            }
            seniority[i] = new SeniorityLevel(level, k);
        }

        Map<String, String> ids = new HashMap<>();
        Cond.ValueCheck values = (field, v) -> checkValue(field, v, levelNames);
        Set<String> profileNumeric = Set.of(EventFields.COMPANY_SIZE);
        Set<String> eventNumeric = Set.of(EventFields.MINUTES, EventFields.COMPANY_SIZE);

        // fit
        List<JsonNode> fitNodes = r.array("fit", false);
        this.fit = new FitRule[fitNodes.size()];
        for (int i = 0; i < fitNodes.size(); i++) {
            JsonObj f = JsonObj.of(fitNodes.get(i), "fit[" + i + "]",
                    union(Set.of("id", "description", "field", "points"), Cond.OPERATORS));
            String id = ruleId(f, ids);
            String field = f.reqString("field");
            int idx = profileIndex(f, field);
            Cond c = Cond.parse(f, field, idx, profileNumeric, values);
            int points = nonZero(f, "points");
            fit[i] = new FitRule(id, describe(f, id), c, points);
        }

        // engagement
        List<JsonNode> engNodes = r.array("engagement", false);
        this.engagement = new EngagementRule[engNodes.size()];
        Map<String, List<EngagementRule>> byType = new HashMap<>();
        for (int i = 0; i < engNodes.size(); i++) {
            JsonObj e = JsonObj.of(engNodes.get(i), "engagement[" + i + "]",
                    Set.of("id", "description", "eventType", "when", "points", "cap", "decay"));
            String id = ruleId(e, ids);
            String type = eventType(e);
            Cond[] when = when(e, eventNumeric, values);
            int points = nonZero(e, "points");
            int capPoints = 0;
            int windowDays = 0;
            JsonObj cap = e.optObj("cap", Set.of("points", "windowDays"));
            if (cap != null) {
                capPoints = cap.reqInt("points");
                if (capPoints <= 0) {
                    throw new RulesException(cap.at("points"), "must be > 0 (got " + capPoints + ")");
                }
                Integer w = cap.optInt("windowDays");
                if (w != null && w <= 0) {
                    throw new RulesException(cap.at("windowDays"), "must be > 0 (got " + w + ")");
                }
                windowDays = w == null ? 0 : w;
            }
            DecayKind kind = DecayKind.NONE;
            double halfLife = 0;
            int expire = 0;
            JsonObj decay = e.optObj("decay", Set.of("halfLifeDays", "expireAfterDays"));
            if (decay != null) {
                boolean hl = decay.has("halfLifeDays");
                boolean ex = decay.has("expireAfterDays");
                if (hl == ex) {
                    throw new RulesException(decay.path, "exactly one of halfLifeDays, expireAfterDays is required");
                }
                if (hl) {
                    halfLife = decay.reqNumber("halfLifeDays");
                    if (!(halfLife > 0) || Double.isInfinite(halfLife)) {
                        throw new RulesException(decay.at("halfLifeDays"), "must be > 0 (got "
                                + decay.node.get("halfLifeDays") + ")");
                    }
                    kind = DecayKind.HALF_LIFE;
                } else {
                    expire = decay.reqInt("expireAfterDays");
                    if (expire <= 0) {
                        throw new RulesException(decay.at("expireAfterDays"), "must be > 0 (got " + expire + ")");
                    }
                    kind = DecayKind.EXPIRE;
                }
                if (points < 0) {
                    throw new RulesException(decay.path, "a negative rule must not decay: its decay would raise "
                            + "the score over time");
                }
            }
            EngagementRule rule = new EngagementRule(i, id, describe(e, id), type, when, points, capPoints,
                    windowDays, kind, halfLife, expire);
            engagement[i] = rule;
            byType.computeIfAbsent(type, t -> new ArrayList<>()).add(rule);
        }
        this.engagementByType = new TypeRules[EventTypes.CODES];
        byType.forEach((t, l) -> engagementByType[EventTypes.code(t)] = new TypeRules(l));

        // disqualifiers
        List<JsonNode> dqNodes = r.array("disqualifiers", false);
        List<Disqualifier> profileDq = new ArrayList<>();
        Map<String, List<Disqualifier>> eventDq = new HashMap<>();
        for (int i = 0; i < dqNodes.size(); i++) {
            JsonObj q = JsonObj.of(dqNodes.get(i), "disqualifiers[" + i + "]",
                    union(Set.of("id", "description", "reason", "field", "eventType", "when"), Cond.OPERATORS));
            String id = ruleId(q, ids);
            String reason = q.reqString("reason");
            boolean hasField = q.has("field");
            boolean hasType = q.has("eventType");
            if (hasField == hasType) {
                throw new RulesException(q.path, "exactly one of field, eventType is required");
            }
            if (hasField) {
                if (q.has("when")) {
                    throw new RulesException(q.at("when"), "'when' applies to eventType disqualifiers only");
                }
                String field = q.reqString("field");
                int idx = profileIndex(q, field);
                profileDq.add(new Disqualifier(i, id, describe(q, id), reason,
                        Cond.parse(q, field, idx, profileNumeric, values), null, null));
            } else {
                for (String op : Cond.OPERATORS) {
                    if (q.has(op)) {
                        throw new RulesException(q.at(op), "operators apply to field disqualifiers only; "
                                + "put event conditions in 'when'");
                    }
                }
                String type = eventType(q);
                Disqualifier dq = new Disqualifier(i, id, describe(q, id), reason, null, type,
                        when(q, eventNumeric, values));
                eventDq.computeIfAbsent(type, t -> new ArrayList<>()).add(dq);
            }
        }
        this.profileDisqualifiers = profileDq.toArray(new Disqualifier[0]);
        this.eventDisqualifiersByType = new Disqualifier[EventTypes.CODES][];
        eventDq.forEach((t, l) -> eventDisqualifiersByType[EventTypes.code(t)] = l.toArray(new Disqualifier[0]));

        // grades
        List<JsonNode> gradeNodes = r.array("grades", true);
        if (gradeNodes.isEmpty()) {
            throw new RulesException("grades", "must not be empty: at least one band that catches everything");
        }
        this.grades = new Grade[gradeNodes.size()];
        Set<String> gradeNames = new HashSet<>();
        for (int i = 0; i < gradeNodes.size(); i++) {
            JsonObj g = JsonObj.of(gradeNodes.get(i), "grades[" + i + "]", Set.of("grade", "minFit"));
            String grade = g.reqString("grade").trim();
            if (!gradeNames.add(grade)) {
                throw new RulesException(g.at("grade"), "duplicate grade '" + grade + "'");
            }
            Integer minFit = g.optInt("minFit");
            boolean last = i == gradeNodes.size() - 1;
            if (last && minFit != null) {
                throw new RulesException(g.at("minFit"), "the last band must catch every fit score: omit minFit");
            }
            if (!last && minFit == null) {
                throw new RulesException(g.at("minFit"), "required field is missing (only the last band may omit it)");
            }
            if (i > 0 && minFit != null && minFit >= grades[i - 1].minFit()) {
                throw new RulesException(g.at("minFit"), "bands must be in descending minFit order ("
                        + minFit + " >= " + grades[i - 1].minFit() + " of grades[" + (i - 1) + "])");
            }
            grades[i] = new Grade(grade, minFit);
        }

        // stages
        JsonObj st = r.reqObj("stages", Set.of("mql", "sql", "recycle"));
        JsonObj mql = st.reqObj("mql", Set.of("minTotal", "minFit", "requireConsent"));
        this.mqlMinTotal = mql.reqInt("minTotal");
        Integer mf = mql.optInt("minFit");
        this.mqlMinFit = mf == null ? Integer.MIN_VALUE : mf;
        this.mqlRequireConsent = mql.optBool("requireConsent", true);
        JsonObj sql = st.reqObj("sql", Set.of("minFit", "minTotal", "handRaise"));
        Integer sf = sql.optInt("minFit");
        this.sqlMinFit = sf == null ? Integer.MIN_VALUE : sf;
        this.sqlMinTotal = sql.optInt("minTotal");
        if (sqlMinTotal != null && sqlMinTotal <= mqlMinTotal) {
            throw new RulesException(sql.at("minTotal"), "must be greater than stages.mql.minTotal ("
                    + sqlMinTotal + " <= " + mqlMinTotal + ")");
        }
        List<JsonNode> hrNodes = sql.array("handRaise", false);
        if (hrNodes.isEmpty() && sqlMinTotal == null) {
            throw new RulesException(sql.path, "at least one of handRaise, minTotal is required");
        }
        Map<String, List<HandRaise>> hr = new HashMap<>();
        for (int i = 0; i < hrNodes.size(); i++) {
            JsonObj h = JsonObj.of(hrNodes.get(i), sql.at("handRaise") + "[" + i + "]", Set.of("eventType", "when"));
            String type = eventType(h);
            Cond[] when = when(h, eventNumeric, values);
            StringBuilder text = new StringBuilder(type);
            for (Cond c : when) {
                text.append(" with ").append(c.text);
            }
            hr.computeIfAbsent(type, t -> new ArrayList<>()).add(new HandRaise(type, when, text.toString()));
        }
        this.handRaiseByType = new HandRaise[EventTypes.CODES][];
        hr.forEach((t, l) -> handRaiseByType[EventTypes.code(t)] = l.toArray(new HandRaise[0]));
        JsonObj rec = st.optObj("recycle", Set.of("hysteresis"));
        this.hysteresis = rec == null ? 0 : rec.reqInt("hysteresis");
        if (hysteresis < 0) {
            throw new RulesException("stages.recycle.hysteresis", "must be >= 0 (got " + hysteresis + ")");
        }
    }

    // ---------------------------------------------------------------- public API

    /** Parses and validates a ruleset. @throws RulesException naming the bad field's path and the problem */
    public static Ruleset parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new RulesException("$", "invalid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new RulesException("$", "empty document");
        }
        return new Ruleset(hash(root), root);
    }

    /** Reads and validates a ruleset file. */
    public static Ruleset load(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ruleset " + file, e);
        }
        return parse(json);
    }

    /** The ruleset shipped in the jar ({@value #DEFAULT_RESOURCE}), parsed once. */
    public static Ruleset defaults() {
        return Defaults.INSTANCE;
    }

    /** {@link #load} when {@code path} is non-blank (e.g. from configuration), else {@link #defaults()}. */
    public static Ruleset loadOrDefaults(String path) {
        return path == null || path.isBlank() ? defaults() : load(Path.of(path.trim()));
    }

    /** First 12 hex characters of SHA-256 over the canonical JSON (keys sorted, no whitespace). */
    public String version() {
        return version;
    }

    /** The ruleset's optional name. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "Ruleset[" + (name == null ? "" : name + ", ") + "version " + version + "]";
    }

    private static final class Defaults {
        static final Ruleset INSTANCE = loadDefault();

        private static Ruleset loadDefault() {
            try (InputStream in = Ruleset.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing classpath resource " + DEFAULT_RESOURCE);
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ---------------------------------------------------------------- derived profile values

    /** competitor > disposable > free mail > business; the domain or any parent domain matches. */
    DomainClass classify(String domain) {
        if (domain == null || domain.isEmpty()) {
            return null;
        }
        DomainClass best = DomainClass.BUSINESS;
        String d = domain;
        while (true) {
            if (competitor.contains(d)) {
                return DomainClass.COMPETITOR;
            }
            if (disposable.contains(d)) {
                best = DomainClass.DISPOSABLE;
            } else if (freeMail.contains(d) && best == DomainClass.BUSINESS) {
                best = DomainClass.FREE_MAIL;
            }
            int dot = d.indexOf('.');
            if (dot < 0) {
                return best;
            }
            d = d.substring(dot + 1);
        }
    }

    /** The first level with a keyword occurring as a whole word (case-insensitive) in the title, else "unknown". */
    String seniorityOf(String jobTitle) {
        if (jobTitle == null) {
            return UNKNOWN_SENIORITY;
        }
        String t = jobTitle.toLowerCase(Locale.ROOT);
        for (SeniorityLevel l : seniority) {
            for (String k : l.keywords()) {
                if (containsWord(t, k)) {
                    return l.level();
                }
            }
        }
        return UNKNOWN_SENIORITY;
    }

    static boolean containsWord(String text, String word) {
        int from = 0;
        while (true) {
            int i = text.indexOf(word, from);
            if (i < 0) {
                return false;
            }
            int end = i + word.length();
            if ((i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))
                    && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
                return true;
            }
            from = i + 1;
        }
    }

    String gradeOf(int fit) {
        for (Grade g : grades) {
            if (g.minFit() == null || fit >= g.minFit()) {
                return g.grade();
            }
        }
        throw new IllegalStateException("validated grades cover every fit score");
    }

    // ---------------------------------------------------------------- parsing helpers

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.addAll(b);
        return s;
    }

    private static Set<String> domains(JsonObj d, String list, Map<String, String> seen) {
        List<String> names = d.stringArray(list, false, false);
        Set<String> out = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String path = d.at(list) + "[" + i + "]";
            String n = names.get(i).trim().toLowerCase(Locale.ROOT);
            if (!DOMAIN.matcher(n).matches()) {
                throw new RulesException(path, "'" + names.get(i) + "' is not a domain name");
            }
            String before = seen.putIfAbsent(n, path);
            if (before != null) {
                throw new RulesException(path, "domain '" + n + "' is already listed at " + before);
            }
            out.add(n);
        }
        return Set.copyOf(out);
    }

    private static String ruleId(JsonObj o, Map<String, String> ids) {
        String id = o.reqString("id").trim();
        if (RESERVED_IDS.contains(id)) {
            throw new RulesException(o.at("id"), "'" + id + "' is reserved for the engine's notes");
        }
        String before = ids.putIfAbsent(id, o.path);
        if (before != null) {
            throw new RulesException(o.at("id"), "duplicate rule id '" + id + "' (first used at " + before + ")");
        }
        return id;
    }

    private static String describe(JsonObj o, String id) {
        String d = o.optString("description");
        return d == null ? id : d;
    }

    private static int nonZero(JsonObj o, String field) {
        int p = o.reqInt(field);
        if (p == 0) {
            throw new RulesException(o.at(field), "must not be 0");
        }
        if (Math.abs(p) > 1_000_000) {
            throw new RulesException(o.at(field), "must be between -1000000 and 1000000 (got " + p + ")");
        }
        return p;
    }

    private static int profileIndex(JsonObj o, String field) {
        int idx = PROFILE_FIELDS.indexOf(field);
        if (idx < 0) {
            throw new RulesException(o.at("field"), "unknown field '" + field + "' (allowed: "
                    + String.join(", ", new TreeSet<>(PROFILE_FIELDS)) + ")");
        }
        return idx;
    }

    private static String eventType(JsonObj o) {
        String type = o.reqString("eventType");
        if (type.equals(EventTypes.WEBINAR_JOINED) || type.equals(EventTypes.WEBINAR_LEFT)) {
            throw new RulesException(o.at("eventType"), "'" + type + "' is not scored directly: joins and leaves "
                    + "are paired into webinar_attended; write the rule on webinar_attended");
        }
        if (!SCORABLE_EVENT_TYPES.contains(type)) {
            throw new RulesException(o.at("eventType"), "unknown event type '" + type + "' (allowed: "
                    + String.join(", ", new TreeSet<>(SCORABLE_EVENT_TYPES)) + ")");
        }
        return type;
    }

    private static Cond[] when(JsonObj o, Set<String> numeric, Cond.ValueCheck values) {
        List<JsonNode> nodes = o.array("when", false);
        Cond[] out = new Cond[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            JsonObj c = JsonObj.of(nodes.get(i), o.at("when") + "[" + i + "]", union(Set.of("field"), Cond.OPERATORS));
            String field = c.reqString("field");
            if (!EVENT_DATA_FIELDS.contains(field)) {
                throw new RulesException(c.at("field"), "unknown event field '" + field + "' (allowed: "
                        + String.join(", ", new TreeSet<>(EVENT_DATA_FIELDS)) + ")");
            }
            out[i] = Cond.parse(c, field, -1, numeric, values);
        }
        return out;
    }

    private static String checkValue(String field, String v, Set<String> levels) {
        switch (field) {
            case "emailDomainClass":
                for (DomainClass c : DomainClass.values()) {
                    if (c.name().equalsIgnoreCase(v)) {
                        return null;
                    }
                }
                return "unknown domain class '" + v + "' (allowed: " + Arrays.toString(DomainClass.values()) + ")";
            case "seniority":
                if (v.equalsIgnoreCase(UNKNOWN_SENIORITY) || levels.contains(v.toLowerCase(Locale.ROOT))) {
                    return null;
                }
                return "unknown seniority level '" + v + "' (declared: " + new TreeSet<>(levels) + " and unknown)";
            case EventFields.FORM_TYPE:
                return EventFields.FormTypes.ALL.contains(v) ? null
                        : "unknown form type '" + v + "' (allowed: " + new TreeSet<>(EventFields.FormTypes.ALL) + ")";
            default:
                return null;
        }
    }

    // ---------------------------------------------------------------- version hash

    static String hash(JsonNode root) {
        try {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = MAPPER.getFactory().createGenerator(w)) {
                canonical(root, g);
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(w.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the tree with object keys sorted and no whitespace; scalars as Jackson writes them. */
    private static void canonical(JsonNode n, JsonGenerator g) throws IOException {
        if (n.isObject()) {
            g.writeStartObject();
            List<String> names = new ArrayList<>();
            Iterator<String> it = n.fieldNames();
            it.forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) {
                g.writeFieldName(name);
                canonical(n.get(name), g);
            }
            g.writeEndObject();
        } else if (n.isArray()) {
            g.writeStartArray();
            for (JsonNode e : n) {
                canonical(e, g);
            }
            g.writeEndArray();
        } else {
            g.writeTree(n);
        }
    }

}
