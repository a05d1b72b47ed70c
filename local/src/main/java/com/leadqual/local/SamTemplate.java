package com.leadqual.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A SAM template read into typed views for local emulation.
 * Why read the template instead of restating it: the local runner then provisions and wires exactly what is
 * deployed, and a change to template.yaml cannot silently diverge from local behaviour.
 * Intrinsics resolve against local physical names: tables and queues are named by their logical id, ARNs are
 * fake but well formed, stream ARNs and queue URLs come from {@link LocalNames}.
 */
public final class SamTemplate {
    private static final String FUNCTION = "AWS::Serverless::Function";
    private static final String TABLE = "AWS::DynamoDB::Table";
    private static final String QUEUE = "AWS::SQS::Queue";
    private static final String PIPE = "AWS::Pipes::Pipe";

    private final String source;
    private final Map<String, Object> root;
    private final Map<String, Map<String, Object>> resources;
    private final Map<String, Parameter> parameters;
    private final Map<String, String> overrides;
    private final String stackName;

    /** A template parameter: its declared type, default (null if none) and NoEcho flag. */
    public record Parameter(String name, String type, String defaultValue, boolean noEcho) {
    }

    /**
     * A function with Globals.Function merged in and its environment resolved.
     *
     * @param logFormat           LoggingConfig.LogFormat ({@code Text} when not given, as in Lambda)
     * @param applicationLogLevel LoggingConfig.ApplicationLogLevel, or null
     */
    public record Function(String logicalId, String codeUri, String handler, String runtime, List<String> architectures,
                           int timeoutSeconds, int memorySize, Map<String, String> environment,
                           Map<String, Event> events, String logFormat, String applicationLogLevel) {
    }

    /** An event source of a function. */
    public sealed interface Event permits HttpEvent, SqsEvent, ScheduleEvent, StreamEvent {
        String name();
    }

    /**
     * An HttpApi (API Gateway v2 payload) or Api (v1 REST) route.
     *
     * @param apiId logical id of the API, or null for SAM's implicit API
     * @param apiKeyRequired whether API Gateway refuses the route without a valid {@code x-api-key} (403): the
     *     event's {@code Auth.ApiKeyRequired}, else its Api's {@code Auth.ApiKeyRequired}; always false for an
     *     HttpApi, which has no API keys
     */
    public record HttpEvent(String name, String type, String apiId, String path, String method,
                            boolean apiKeyRequired) implements Event {
        public boolean isHttpApi() {
            return "HttpApi".equals(type);
        }
    }

    /** An SQS event source mapping. */
    public record SqsEvent(String name, String queueId, int batchSize, int maximumBatchingWindowInSeconds,
                           List<String> functionResponseTypes, boolean enabled) implements Event {
        public boolean reportsBatchItemFailures() {
            return functionResponseTypes.contains("ReportBatchItemFailures");
        }
    }

    /** An EventBridge schedule: {@code rate(...)} or {@code cron(...)}; input is the constant event JSON or null. */
    public record ScheduleEvent(String name, String schedule, boolean enabled, String input) implements Event {
    }

    /**
     * A DynamoDB stream event source mapping with its Lambda filter patterns (JSON strings) and error handling.
     *
     * @param maximumRetryAttempts      retries of a failed batch before it is discarded; -1 (Lambda's default)
     *                                  retries until the records expire
     * @param maximumRecordAgeInSeconds records older than this are discarded instead of invoked; -1 (default) never
     * @param onFailureQueueId          logical id of the SQS queue of {@code DestinationConfig.OnFailure}, which
     *                                  receives a pointer to every discarded batch; null without one
     */
    public record StreamEvent(String name, String tableId, String startingPosition, int batchSize,
                              int maximumBatchingWindowInSeconds, List<String> filterPatterns,
                              List<String> functionResponseTypes, boolean enabled, boolean bisectBatchOnFunctionError,
                              int maximumRetryAttempts, int maximumRecordAgeInSeconds, String onFailureQueueId)
            implements Event {
        public boolean reportsBatchItemFailures() {
            return functionResponseTypes.contains("ReportBatchItemFailures");
        }
    }

    /** A key schema: hash key and optional range key. */
    public record KeySchema(String hashKey, String rangeKey) {
    }

    /** A global or local secondary index. */
    public record Index(String name, KeySchema keySchema, String projectionType, List<String> nonKeyAttributes) {
    }

    /**
     * An AWS::DynamoDB::Table.
     *
     * @param streamViewType null when the table has no stream
     * @param ttlAttribute null when TTL is not enabled
     */
    public record Table(String logicalId, String tableName, Map<String, String> attributeTypes, KeySchema keySchema,
                        List<Index> globalSecondaryIndexes, List<Index> localSecondaryIndexes,
                        String streamViewType, String ttlAttribute) {
    }

    /** A RedrivePolicy: the dead-letter queue's logical id and how many receives before a message moves there. */
    public record Redrive(String deadLetterQueueId, int maxReceiveCount) {
    }

    /** An AWS::SQS::Queue; null numbers mean "SQS default". */
    public record Queue(String logicalId, String queueName, Integer visibilityTimeout,
                        Integer messageRetentionPeriod, Integer delaySeconds, Redrive redrive, boolean fifo,
                        boolean contentBasedDeduplication) {
    }

    /** An AWS::Pipes::Pipe from a table's stream to a queue. */
    public record Pipe(String logicalId, String sourceTableId, String startingPosition, int batchSize,
                       List<String> filterPatterns, String targetQueueId, String inputTemplate, boolean enabled) {
    }

    private SamTemplate(String source, Map<String, Object> root, Map<String, String> overrides, String stackName) {
        this.source = source;
        this.root = root;
        this.overrides = Map.copyOf(overrides);
        this.stackName = stackName;
        this.resources = new LinkedHashMap<>();
        Map<String, Object> res = asMap(root.get("Resources"), "Resources", "");
        if (res == null || res.isEmpty()) {
            throw new SamTemplateException(source + ": the template has no Resources");
        }
        res.forEach((id, r) -> resources.put(id, asMap(r, id, "")));
        this.parameters = new LinkedHashMap<>();
        Map<String, Object> params = asMap(root.get("Parameters"), "Parameters", "");
        if (params != null) {
            params.forEach((name, p) -> {
                Map<String, Object> def = asMap(p, name, "");
                Object dflt = def.get("Default");
                parameters.put(name, new Parameter(name, String.valueOf(def.getOrDefault("Type", "String")),
                        dflt == null ? null : String.valueOf(dflt), Boolean.parseBoolean(
                        String.valueOf(def.getOrDefault("NoEcho", "false")))));
            });
        }
        for (String name : overrides.keySet()) {
            if (!parameters.containsKey(name)) {
                throw new SamTemplateException(source + ": override for unknown parameter '" + name
                        + "' (parameters: " + parameters.keySet() + ")");
            }
        }
    }

    /** Reads a template file. */
    public static SamTemplate load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new SamTemplateException("Cannot read SAM template " + file + ": " + e.getMessage());
        }
    }

    /** Parses template text; {@code sourceName} only appears in error messages. */
    public static SamTemplate parse(String yaml, String sourceName) {
        Object doc = new Yaml(new CfnConstructor(new LoaderOptions())).load(yaml);
        if (!(doc instanceof Map<?, ?>)) {
            throw new SamTemplateException(sourceName + ": not a YAML mapping");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) doc;
        return new SamTemplate(sourceName, root, Map.of(), "leadqual-local");
    }

    /** A copy with parameter values overridden (like {@code sam deploy --parameter-overrides}). */
    public SamTemplate withParameters(Map<String, String> values) {
        Map<String, String> merged = new LinkedHashMap<>(overrides);
        merged.putAll(values);
        return new SamTemplate(source, root, merged, stackName);
    }

    /** A copy whose {@code AWS::StackName} is {@code name}. */
    public SamTemplate withStackName(String name) {
        return new SamTemplate(source, root, overrides, name);
    }

    /** Declared parameters. */
    public Map<String, Parameter> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** The value {@code !Ref name} gives: the override, else the default. */
    public String parameterValue(String name) {
        Parameter p = parameters.get(name);
        if (p == null) {
            throw new SamTemplateException(source + ": unknown parameter '" + name + "'");
        }
        String v = overrides.containsKey(name) ? overrides.get(name) : p.defaultValue();
        if (v == null) {
            throw new SamTemplateException(source + ": parameter '" + name
                    + "' has no Default; give it a value with withParameters(...)");
        }
        return v;
    }

    /** The logical ids of all resources with their Type. */
    public Map<String, String> resourceTypes() {
        Map<String, String> out = new LinkedHashMap<>();
        resources.forEach((id, r) -> out.put(id, String.valueOf(r.get("Type"))));
        return out;
    }

    // ---------------------------------------------------------------------------------------------- tables

    public List<Table> tables() {
        List<Table> out = new ArrayList<>();
        for (String id : idsOfType(TABLE)) {
            Map<String, Object> props = props(id);
            Ctx c = new Ctx(id, null);
            Map<String, String> types = new LinkedHashMap<>();
            for (Object a : list(props.get("AttributeDefinitions"), id, "AttributeDefinitions")) {
                Map<String, Object> m = asMap(a, id, "AttributeDefinitions");
                types.put(str(m.get("AttributeName"), c.at("AttributeDefinitions")),
                        str(m.get("AttributeType"), c.at("AttributeDefinitions")));
            }
            KeySchema key = keySchema(props.get("KeySchema"), c.at("KeySchema"));
            List<Index> gsis = indexes(props.get("GlobalSecondaryIndexes"), c.at("GlobalSecondaryIndexes"));
            List<Index> lsis = indexes(props.get("LocalSecondaryIndexes"), c.at("LocalSecondaryIndexes"));
            String streamViewType = null;
            Map<String, Object> stream = asMap(props.get("StreamSpecification"), id, "StreamSpecification");
            if (stream != null) {
                streamViewType = str(stream.get("StreamViewType"), c.at("StreamSpecification.StreamViewType"));
            }
            String ttl = null;
            Map<String, Object> ttlSpec = asMap(props.get("TimeToLiveSpecification"), id, "TimeToLiveSpecification");
            if (ttlSpec != null && bool(ttlSpec.get("Enabled"), true, c.at("TimeToLiveSpecification.Enabled"))) {
                ttl = str(ttlSpec.get("AttributeName"), c.at("TimeToLiveSpecification.AttributeName"));
            }
            out.add(new Table(id, tableName(id), types, key, gsis, lsis, streamViewType, ttl));
        }
        return out;
    }

    private KeySchema keySchema(Object raw, Ctx c) {
        String hash = null;
        String range = null;
        for (Object e : list(raw, c.resource, c.property)) {
            Map<String, Object> m = asMap(e, c.resource, c.property);
            String type = str(m.get("KeyType"), c);
            String name = str(m.get("AttributeName"), c);
            if ("HASH".equals(type)) {
                hash = name;
            } else if ("RANGE".equals(type)) {
                range = name;
            } else {
                throw c.error("KeyType must be HASH or RANGE, got " + type);
            }
        }
        if (hash == null) {
            throw c.error("no HASH key");
        }
        return new KeySchema(hash, range);
    }

    private List<Index> indexes(Object raw, Ctx c) {
        if (raw == null) {
            return List.of();
        }
        List<Index> out = new ArrayList<>();
        for (Object e : list(raw, c.resource, c.property)) {
            Map<String, Object> m = asMap(e, c.resource, c.property);
            String name = str(m.get("IndexName"), c);
            Ctx ic = c.at(c.property + "." + name);
            Map<String, Object> projection = asMap(m.get("Projection"), c.resource, ic.property + ".Projection");
            String type = projection == null ? "ALL"
                    : String.valueOf(projection.getOrDefault("ProjectionType", "ALL"));
            List<String> nonKey = new ArrayList<>();
            if (projection != null && projection.get("NonKeyAttributes") != null) {
                for (Object a : list(projection.get("NonKeyAttributes"), c.resource, ic.property)) {
                    nonKey.add(str(a, ic));
                }
            }
            out.add(new Index(name, keySchema(m.get("KeySchema"), ic.at(ic.property + ".KeySchema")), type,
                    List.copyOf(nonKey)));
        }
        return List.copyOf(out);
    }

    private String tableName(String id) {
        Object name = props(id).get("TableName");
        return name == null ? id : str(resolve(name, new Ctx(id, "TableName"), null), new Ctx(id, "TableName"));
    }

    // ---------------------------------------------------------------------------------------------- queues

    /** Queues, dead-letter queues before the queues that redrive to them. */
    public List<Queue> queues() {
        Map<String, Queue> byId = new LinkedHashMap<>();
        for (String id : idsOfType(QUEUE)) {
            Map<String, Object> props = props(id);
            Ctx c = new Ctx(id, null);
            Redrive redrive = null;
            Object rp = props.get("RedrivePolicy");
            if (rp != null) {
                Map<String, Object> m = asMap(rp, id, "RedrivePolicy");
                if (m == null) {
                    throw c.at("RedrivePolicy").error("must be a mapping");
                }
                String dlq = logicalIdOfAttribute(m.get("deadLetterTargetArn"), "Arn", QUEUE,
                        c.at("RedrivePolicy.deadLetterTargetArn"));
                redrive = new Redrive(dlq, integer(m.get("maxReceiveCount"), c.at("RedrivePolicy.maxReceiveCount")));
            }
            boolean fifo = bool(props.get("FifoQueue"), false, c.at("FifoQueue"));
            byId.put(id, new Queue(id, queueName(id), optInt(props.get("VisibilityTimeout"), c.at("VisibilityTimeout")),
                    optInt(props.get("MessageRetentionPeriod"), c.at("MessageRetentionPeriod")),
                    optInt(props.get("DelaySeconds"), c.at("DelaySeconds")), redrive, fifo,
                    bool(props.get("ContentBasedDeduplication"), false, c.at("ContentBasedDeduplication"))));
        }
        List<Queue> ordered = new ArrayList<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String id : byId.keySet()) {
            addQueue(id, byId, ordered, visiting);
        }
        return ordered;
    }

    private void addQueue(String id, Map<String, Queue> byId, List<Queue> ordered, Set<String> visiting) {
        Queue q = byId.get(id);
        if (ordered.contains(q)) {
            return;
        }
        if (!visiting.add(id)) {
            throw new SamTemplateException(source + ": resource " + id + ", property RedrivePolicy: redrive cycle "
                    + visiting);
        }
        if (q.redrive() != null) {
            addQueue(q.redrive().deadLetterQueueId(), byId, ordered, visiting);
        }
        visiting.remove(id);
        ordered.add(q);
    }

    private String queueName(String id) {
        Map<String, Object> props = props(id);
        Object name = props.get("QueueName");
        if (name != null) {
            return str(resolve(name, new Ctx(id, "QueueName"), null), new Ctx(id, "QueueName"));
        }
        // Like CloudFormation, a generated FIFO queue name must end in .fifo.
        return bool(props.get("FifoQueue"), false, new Ctx(id, "FifoQueue")) ? id + ".fifo" : id;
    }

    // ---------------------------------------------------------------------------------------------- pipes

    public List<Pipe> pipes() {
        List<Pipe> out = new ArrayList<>();
        for (String id : idsOfType(PIPE)) {
            Map<String, Object> props = props(id);
            Ctx c = new Ctx(id, null);
            for (String unsupported : List.of("Enrichment", "EnrichmentParameters")) {
                if (props.containsKey(unsupported)) {
                    throw c.at(unsupported).error("pipe enrichment is not emulated locally");
                }
            }
            String table = logicalIdOfAttribute(props.get("Source"), "StreamArn", TABLE, c.at("Source"));
            String target = logicalIdOfAttribute(props.get("Target"), "Arn", QUEUE, c.at("Target"));
            Map<String, Object> sp = asMap(props.get("SourceParameters"), id, "SourceParameters");
            String startingPosition = "TRIM_HORIZON";
            int batchSize = 100;
            List<String> patterns = List.of();
            if (sp != null) {
                Map<String, Object> ddb = asMap(sp.get("DynamoDBStreamParameters"), id,
                        "SourceParameters.DynamoDBStreamParameters");
                if (ddb != null) {
                    if (ddb.get("StartingPosition") != null) {
                        startingPosition = str(resolve(ddb.get("StartingPosition"), c, null),
                                c.at("SourceParameters.DynamoDBStreamParameters.StartingPosition"));
                    }
                    if (ddb.get("BatchSize") != null) {
                        batchSize = integer(ddb.get("BatchSize"), c.at("SourceParameters.DynamoDBStreamParameters.BatchSize"));
                    }
                }
                patterns = filterPatterns(sp.get("FilterCriteria"), c.at("SourceParameters.FilterCriteria"));
            }
            String template = null;
            Map<String, Object> tp = asMap(props.get("TargetParameters"), id, "TargetParameters");
            if (tp != null && tp.get("InputTemplate") != null) {
                template = str(resolve(tp.get("InputTemplate"), c.at("TargetParameters.InputTemplate"), null),
                        c.at("TargetParameters.InputTemplate"));
            }
            boolean enabled = !"STOPPED".equals(props.get("DesiredState"));
            out.add(new Pipe(id, table, startingPosition, batchSize, patterns, target, template, enabled));
        }
        return out;
    }

    private List<String> filterPatterns(Object raw, Ctx c) {
        if (raw == null) {
            return List.of();
        }
        Map<String, Object> fc = asMap(raw, c.resource, c.property);
        List<String> out = new ArrayList<>();
        for (Object f : list(fc.get("Filters"), c.resource, c.property + ".Filters")) {
            Map<String, Object> m = asMap(f, c.resource, c.property + ".Filters");
            out.add(str(resolve(m.get("Pattern"), c, null), c.at(c.property + ".Filters.Pattern")));
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------------------------------------- functions

    /** Functions with Globals.Function merged; environment values resolved against {@code names}. */
    public List<Function> functions(LocalNames names) {
        Map<String, Object> globals = asMap(asMap(root.get("Globals"), "Globals", "") == null ? null
                : asMap(root.get("Globals"), "Globals", "").get("Function"), "Globals", "Function");
        List<Function> out = new ArrayList<>();
        for (String id : idsOfType(FUNCTION)) {
            Map<String, Object> props = globals == null ? props(id) : merge(globals, props(id));
            Ctx c = new Ctx(id, null);
            Map<String, String> env = new LinkedHashMap<>();
            Map<String, Object> envSpec = asMap(props.get("Environment"), id, "Environment");
            if (envSpec != null) {
                Map<String, Object> vars = asMap(envSpec.get("Variables"), id, "Environment.Variables");
                if (vars != null) {
                    vars.forEach((k, v) -> env.put(k, str(resolve(v, c.at("Environment.Variables." + k), names),
                            c.at("Environment.Variables." + k))));
                }
            }
            Map<String, Event> events = new LinkedHashMap<>();
            Map<String, Object> ev = asMap(props.get("Events"), id, "Events");
            if (ev != null) {
                ev.forEach((name, e) -> events.put(name, event(name, asMap(e, id, "Events." + name),
                        c.at("Events." + name))));
            }
            List<String> archs = new ArrayList<>();
            if (props.get("Architectures") != null) {
                for (Object a : list(props.get("Architectures"), id, "Architectures")) {
                    archs.add(str(a, c.at("Architectures")));
                }
            }
            Map<String, Object> logging = asMap(props.get("LoggingConfig"), id, "LoggingConfig");
            Object logFormat = logging == null ? null : resolve(logging.get("LogFormat"), c.at("LoggingConfig"), null);
            Object logLevel = logging == null ? null
                    : resolve(logging.get("ApplicationLogLevel"), c.at("LoggingConfig"), null);
            Object codeUri = resolve(props.get("CodeUri"), c.at("CodeUri"), null);
            out.add(new Function(id, codeUri == null ? null : str(codeUri, c.at("CodeUri")),
                    str(resolve(props.get("Handler"), c.at("Handler"), null), c.at("Handler")),
                    props.get("Runtime") == null ? null : str(resolve(props.get("Runtime"), c, null), c.at("Runtime")),
                    List.copyOf(archs),
                    props.get("Timeout") == null ? 3 : integer(props.get("Timeout"), c.at("Timeout")),
                    props.get("MemorySize") == null ? 128 : integer(props.get("MemorySize"), c.at("MemorySize")),
                    Collections.unmodifiableMap(env), Collections.unmodifiableMap(events),
                    logFormat == null ? "Text" : str(logFormat, c.at("LoggingConfig.LogFormat")),
                    logLevel == null ? null : str(logLevel, c.at("LoggingConfig.ApplicationLogLevel"))));
        }
        return out;
    }

    private Event event(String name, Map<String, Object> e, Ctx c) {
        String type = str(e.get("Type"), c.at(c.property + ".Type"));
        Map<String, Object> p = asMap(e.get("Properties"), c.resource, c.property + ".Properties");
        Map<String, Object> props = p == null ? Map.of() : p;
        Ctx pc = c.at(c.property + ".Properties");
        switch (type) {
            case "HttpApi", "Api" -> {
                Object api = props.get(type.equals("HttpApi") ? "ApiId" : "RestApiId");
                String apiId = api == null ? null : logicalIdOfRef(api, pc.at(pc.property + ".ApiId"));
                String method = props.get("Method") == null ? "ANY"
                        : str(props.get("Method"), pc).toUpperCase(Locale.ROOT);
                String path = props.get("Path") == null ? "/$default" : str(props.get("Path"), pc);
                boolean apiKeyRequired = type.equals("Api") && apiKeyRequired(props, apiId, pc);
                return new HttpEvent(name, type, apiId, path, method, apiKeyRequired);
            }
            case "SQS" -> {
                String queue = logicalIdOfAttribute(props.get("Queue"), "Arn", QUEUE, pc.at(pc.property + ".Queue"));
                return new SqsEvent(name, queue, optInt(props.get("BatchSize"), pc) == null ? 10
                        : integer(props.get("BatchSize"), pc),
                        optInt(props.get("MaximumBatchingWindowInSeconds"), pc) == null ? 0
                                : integer(props.get("MaximumBatchingWindowInSeconds"), pc),
                        strings(props.get("FunctionResponseTypes"), pc),
                        bool(props.get("Enabled"), true, pc));
            }
            case "Schedule" -> {
                Object input = resolve(props.get("Input"), pc.at(pc.property + ".Input"), null);
                return new ScheduleEvent(name, str(props.get("Schedule"), pc.at(pc.property + ".Schedule")),
                        bool(props.get("Enabled"), true, pc), input == null ? null : str(input, pc));
            }
            case "DynamoDB" -> {
                String table = logicalIdOfAttribute(props.get("Stream"), "StreamArn", TABLE,
                        pc.at(pc.property + ".Stream"));
                return new StreamEvent(name, table,
                        props.get("StartingPosition") == null ? "TRIM_HORIZON" : str(props.get("StartingPosition"), pc),
                        props.get("BatchSize") == null ? 100 : integer(props.get("BatchSize"), pc),
                        props.get("MaximumBatchingWindowInSeconds") == null ? 0
                                : integer(props.get("MaximumBatchingWindowInSeconds"), pc),
                        filterPatterns(props.get("FilterCriteria"), pc.at(pc.property + ".FilterCriteria")),
                        strings(props.get("FunctionResponseTypes"), pc), bool(props.get("Enabled"), true, pc),
                        bool(props.get("BisectBatchOnFunctionError"), false, pc),
                        props.get("MaximumRetryAttempts") == null ? -1 : integer(props.get("MaximumRetryAttempts"), pc),
                        props.get("MaximumRecordAgeInSeconds") == null ? -1
                                : integer(props.get("MaximumRecordAgeInSeconds"), pc),
                        onFailureQueue(props.get("DestinationConfig"), pc.at(pc.property + ".DestinationConfig")));
            }
            default -> throw c.error("event type '" + type + "' is not emulated locally"
                    + " (supported: HttpApi, Api, SQS, Schedule, DynamoDB)");
        }
    }

    /** The event's own {@code Auth.ApiKeyRequired} wins over its Api's; neither means no key. */
    private boolean apiKeyRequired(Map<String, Object> eventProps, String apiId, Ctx c) {
        Map<String, Object> auth = asMap(eventProps.get("Auth"), c.resource, c.property + ".Auth");
        if (auth != null && auth.containsKey("ApiKeyRequired")) {
            return bool(auth.get("ApiKeyRequired"), false, c.at(c.property + ".Auth.ApiKeyRequired"));
        }
        if (apiId == null) {
            return false;
        }
        Map<String, Object> apiAuth = asMap(props(apiId).get("Auth"), apiId, "Auth");
        return apiAuth != null && bool(apiAuth.get("ApiKeyRequired"), false, new Ctx(apiId, "Auth.ApiKeyRequired"));
    }

    /** {@code DestinationConfig: {OnFailure: {Destination: !GetAtt Queue.Arn}}}: the queue's logical id. */
    private String onFailureQueue(Object raw, Ctx c) {
        Map<String, Object> config = asMap(raw, c.resource, c.property);
        if (config == null) {
            return null;
        }
        Map<String, Object> onFailure = asMap(config.get("OnFailure"), c.resource, c.property + ".OnFailure");
        if (onFailure == null) {
            return null;
        }
        Object type = onFailure.get("Type");
        if (type != null && !"SQS".equals(type)) {
            throw c.at(c.property + ".OnFailure.Type").error("only an SQS on-failure destination is emulated, got "
                    + type);
        }
        return logicalIdOfAttribute(onFailure.get("Destination"), "Arn", QUEUE,
                c.at(c.property + ".OnFailure.Destination"));
    }

    /** SAM Globals semantics: maps merge key by key, lists append, scalars of the function win. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> global, Map<String, Object> local) {
        Map<String, Object> out = new LinkedHashMap<>(global);
        local.forEach((k, v) -> {
            Object g = out.get(k);
            if (g instanceof Map<?, ?> gm && v instanceof Map<?, ?> lm && !isIntrinsic(gm) && !isIntrinsic(lm)) {
                out.put(k, merge((Map<String, Object>) gm, (Map<String, Object>) lm));
            } else if (g instanceof List<?> gl && v instanceof List<?> ll) {
                List<Object> both = new ArrayList<>(gl);
                both.addAll(ll);
                out.put(k, both);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    private static boolean isIntrinsic(Map<?, ?> m) {
        if (m.size() != 1) {
            return false;
        }
        String k = String.valueOf(m.keySet().iterator().next());
        return k.equals("Ref") || k.equals("Condition") || k.startsWith("Fn::");
    }

    // ---------------------------------------------------------------------------------------------- intrinsics

    /**
     * The stage a REST API's events name: its {@code StageName}, or {@code Prod} for SAM's implicit API (null id).
     */
    public String restApiStage(String apiId) {
        if (apiId == null) {
            return "Prod";
        }
        Ctx c = new Ctx(apiId, "StageName");
        Object stage = props(apiId).get("StageName");
        if (stage == null) {
            throw c.error("an AWS::Serverless::Api needs a StageName");
        }
        return str(resolve(stage, c, null), c);
    }

    /** Fake but well-formed ARN of a resource, as {@code !GetAtt X.Arn} gives it locally. */
    public String arn(String logicalId) {
        String type = typeOf(logicalId, new Ctx(logicalId, "Arn"));
        String prefix = "arn:aws:%s:" + LocalAws.REGION + ":" + LocalAws.ACCOUNT_ID + ":";
        return switch (type) {
            case TABLE -> prefix.formatted("dynamodb") + "table/" + tableName(logicalId);
            case QUEUE -> prefix.formatted("sqs") + queueName(logicalId);
            case FUNCTION, "AWS::Lambda::Function" -> prefix.formatted("lambda") + "function:" + logicalId;
            case PIPE -> prefix.formatted("pipes") + "pipe/" + logicalId;
            case "AWS::IAM::Role" -> "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role/" + logicalId;
            default -> throw new SamTemplateException(source + ": resource " + logicalId
                    + ": no local ARN for resource type " + type);
        };
    }

    /**
     * Resolves intrinsics in {@code value} (a parsed template fragment) for resource {@code resourceId}.
     * {@code names} may be null when nothing needing provisioned resources is referenced.
     */
    public Object resolve(Object value, String resourceId, String property, LocalNames names) {
        return resolve(value, new Ctx(resourceId, property), names);
    }

    private Object resolve(Object value, Ctx c, LocalNames names) {
        if (value instanceof Map<?, ?> m) {
            if (m.size() == 1) {
                String key = String.valueOf(m.keySet().iterator().next());
                Object arg = m.values().iterator().next();
                switch (key) {
                    case "Ref":
                        return ref(str(resolve(arg, c, names), c), c, names);
                    case "Fn::GetAtt":
                        return getAtt(getAttArgs(arg, c), c, names);
                    case "Fn::Sub":
                        return sub(arg, c, names);
                    case "Fn::Join": {
                        List<?> args = list(arg, c.resource, c.property);
                        if (args.size() != 2) {
                            throw c.error("Fn::Join takes [delimiter, [values]]");
                        }
                        List<String> parts = new ArrayList<>();
                        for (Object v : list(resolve(args.get(1), c, names), c.resource, c.property)) {
                            parts.add(str(v, c));
                        }
                        return String.join(str(args.get(0), c), parts);
                    }
                    case "Fn::Select": {
                        List<?> args = list(arg, c.resource, c.property);
                        if (args.size() != 2) {
                            throw c.error("Fn::Select takes [index, [values]]");
                        }
                        int index = integer(resolve(args.get(0), c, names), c);
                        List<?> values = list(resolve(args.get(1), c, names), c.resource, c.property);
                        if (index < 0 || index >= values.size()) {
                            throw c.error("Fn::Select index " + index + " out of range for " + values);
                        }
                        return values.get(index);
                    }
                    default:
                        if (key.startsWith("Fn::") || key.equals("Condition")) {
                            throw c.error("intrinsic " + key + " is not supported locally"
                                    + " (supported: Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select)");
                        }
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), resolve(v, c, names)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object v : l) {
                out.add(resolve(v, c, names));
            }
            return out;
        }
        return value;
    }

    private List<String> getAttArgs(Object arg, Ctx c) {
        if (arg instanceof String s) {
            int dot = s.indexOf('.');
            if (dot <= 0) {
                throw c.error("Fn::GetAtt '" + s + "' must be LogicalId.Attribute");
            }
            return List.of(s.substring(0, dot), s.substring(dot + 1));
        }
        List<?> l = list(arg, c.resource, c.property);
        if (l.size() != 2) {
            throw c.error("Fn::GetAtt takes [LogicalId, Attribute], got " + l);
        }
        return List.of(str(l.get(0), c), str(l.get(1), c));
    }

    private String ref(String name, Ctx c, LocalNames names) {
        switch (name) {
            case "AWS::Region":
                return LocalAws.REGION;
            case "AWS::AccountId":
                return LocalAws.ACCOUNT_ID;
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::Partition":
                return "aws";
            case "AWS::StackName":
                return stackName;
            default:
                break;
        }
        if (parameters.containsKey(name)) {
            Parameter p = parameters.get(name);
            String v = overrides.containsKey(name) ? overrides.get(name) : p.defaultValue();
            if (v == null) {
                throw c.error("Ref to parameter '" + name + "' which has no Default and no override");
            }
            return v;
        }
        Map<String, Object> r = resources.get(name);
        if (r == null) {
            throw c.error("Ref to unknown parameter or resource '" + name + "'");
        }
        String type = String.valueOf(r.get("Type"));
        return switch (type) {
            case TABLE -> tableName(name);
            case QUEUE -> {
                if (names == null) {
                    throw c.error("Ref " + name + " needs the provisioned queue URL (no LocalNames given)");
                }
                try {
                    yield names.queueUrl(name);
                } catch (IllegalArgumentException e) {
                    throw c.error("Ref " + name + ": " + e.getMessage());
                }
            }
            default -> name; // functions, APIs, roles: the logical id is the local physical id
        };
    }

    private String getAtt(List<String> args, Ctx c, LocalNames names) {
        String id = args.get(0);
        String attr = args.get(1);
        String type = typeOf(id, c);
        if (attr.equals("Arn")) {
            try {
                return arn(id);
            } catch (SamTemplateException e) {
                throw c.error("Fn::GetAtt " + id + ".Arn: no local ARN for type " + type);
            }
        }
        if (type.equals(TABLE) && attr.equals("StreamArn")) {
            if (names == null) {
                throw c.error("Fn::GetAtt " + id + ".StreamArn needs the provisioned table (no LocalNames given)");
            }
            try {
                return names.streamArn(id);
            } catch (IllegalArgumentException e) {
                throw c.error("Fn::GetAtt " + id + ".StreamArn: " + e.getMessage());
            }
        }
        if (type.equals(QUEUE) && attr.equals("QueueName")) {
            return queueName(id);
        }
        if (type.equals(QUEUE) && attr.equals("QueueUrl")) {
            if (names == null) {
                throw c.error("Fn::GetAtt " + id + ".QueueUrl needs the provisioned queue (no LocalNames given)");
            }
            return names.queueUrl(id);
        }
        throw c.error("Fn::GetAtt " + id + "." + attr + " is not supported locally for " + type);
    }

    private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}]*)}");

    private String sub(Object arg, Ctx c, LocalNames names) {
        String text;
        Map<String, Object> vars = Map.of();
        if (arg instanceof String s) {
            text = s;
        } else {
            List<?> l = list(arg, c.resource, c.property);
            if (l.size() != 2) {
                throw c.error("Fn::Sub takes a string or [string, {variables}]");
            }
            text = str(l.get(0), c);
            vars = asMap(l.get(1), c.resource, c.property);
        }
        Matcher m = SUB_VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String expr = m.group(1).trim();
            String replacement;
            if (expr.startsWith("!")) {
                replacement = "${" + expr.substring(1) + "}";
            } else if (vars.containsKey(expr)) {
                replacement = str(resolve(vars.get(expr), c, names), c);
            } else if (expr.contains(".") && !expr.startsWith("AWS::")) {
                int dot = expr.indexOf('.');
                replacement = getAtt(List.of(expr.substring(0, dot), expr.substring(dot + 1)), c, names);
            } else {
                replacement = ref(expr, c, names);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The logical id X of {@code !GetAtt X.<attribute>} where X must be of {@code type}. */
    private String logicalIdOfAttribute(Object value, String attribute, String type, Ctx c) {
        if (value instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("Fn::GetAtt")) {
            List<String> args = getAttArgs(m.get("Fn::GetAtt"), c);
            if (args.get(1).equals(attribute) && type.equals(typeOf(args.get(0), c))) {
                return args.get(0);
            }
        }
        throw c.error("must be !GetAtt <" + type + ">." + attribute + " of a resource in this template, got "
                + value);
    }

    private String logicalIdOfRef(Object value, Ctx c) {
        if (value instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("Ref")) {
            String id = String.valueOf(m.get("Ref"));
            typeOf(id, c);
            return id;
        }
        throw c.error("must be !Ref <resource> of this template, got " + value);
    }

    private String typeOf(String id, Ctx c) {
        Map<String, Object> r = resources.get(id);
        if (r == null) {
            throw c.error("reference to unknown resource '" + id + "'");
        }
        return String.valueOf(r.get("Type"));
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private final class Ctx {
        final String resource;
        final String property;

        Ctx(String resource, String property) {
            this.resource = resource;
            this.property = property;
        }

        Ctx at(String p) {
            return new Ctx(resource, p);
        }

        SamTemplateException error(String message) {
            return new SamTemplateException(source + ": resource " + resource
                    + (property == null ? "" : ", property " + property) + ": " + message);
        }
    }

    private List<String> idsOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources.forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    private Map<String, Object> props(String id) {
        Map<String, Object> p = asMap(resources.get(id).get("Properties"), id, "Properties");
        return p == null ? Map.of() : p;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asMap(Object o, String resource, String property) {
        if (o == null) {
            return null;
        }
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new Ctx(resource, property).error("expected a mapping, got " + o);
    }

    private List<?> list(Object o, String resource, String property) {
        if (o instanceof List<?> l) {
            return l;
        }
        throw new Ctx(resource, property).error("expected a list, got " + o);
    }

    private List<String> strings(Object o, Ctx c) {
        if (o == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object v : list(o, c.resource, c.property)) {
            out.add(str(v, c));
        }
        return List.copyOf(out);
    }

    private String str(Object o, Ctx c) {
        if (o instanceof String || o instanceof Number || o instanceof Boolean) {
            return String.valueOf(o);
        }
        if (o instanceof Map<?, ?> m && isIntrinsic(m)) {
            Object r = resolve(o, c, null);
            if (r instanceof String s) {
                return s;
            }
        }
        throw c.error("expected a string, got " + o);
    }

    private int integer(Object o, Ctx c) {
        Object v = o instanceof Map<?, ?> ? resolve(o, c, null) : o;
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw c.error("expected an integer, got " + o);
        }
    }

    private Integer optInt(Object o, Ctx c) {
        return o == null ? null : integer(o, c);
    }

    private boolean bool(Object o, boolean dflt, Ctx c) {
        if (o == null) {
            return dflt;
        }
        Object v = o instanceof Map<?, ?> ? resolve(o, c, null) : o;
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw c.error("expected true or false, got " + o);
    }

    /**
     * Turns CloudFormation short-form tags into their long form while loading, so the rest of the code only sees
     * {@code {"Ref": ..}} / {@code {"Fn::X": ..}} maps. Unknown tags become {@code Fn::<Tag>} and are reported
     * with the resource and property when (and only if) they are resolved.
     */
    private static final class CfnConstructor extends SafeConstructor {
        CfnConstructor(LoaderOptions options) {
            super(options);
            this.yamlConstructors.put(null, new Intrinsic());
        }

        private final class Intrinsic extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                String tag = node.getTag().getValue();
                if (!tag.startsWith("!") || tag.startsWith("!!")) {
                    throw new SamTemplateException("Unsupported YAML tag " + tag + " at " + node.getStartMark());
                }
                String name = tag.substring(1);
                String key = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
                Object value;
                if (node instanceof ScalarNode s) {
                    String text = constructScalar(s);
                    value = name.equals("GetAtt") ? getAttList(text) : text;
                } else if (node instanceof SequenceNode s) {
                    value = constructSequence(s);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(key, value);
                return m;
            }

            private Object getAttList(String text) {
                int dot = text.indexOf('.');
                return dot <= 0 ? text : List.of(text.substring(0, dot), text.substring(dot + 1));
            }
        }
    }
}
