package com.leadqual.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamTemplateTest {
    static final Path REPO_TEMPLATE = Path.of("..", "template.yaml");

    private static final LocalNames NAMES = new LocalNames(Map.of("LeadsTable", "LeadsTable"),
            Map.of("RescoreQueue", "http://127.0.0.1:9/000000000000/RescoreQueue", "Q", "http://127.0.0.1:9/000000000000/Q",
                    "HandoffUndeliveredQueue", "http://127.0.0.1:9/000000000000/HandoffUndeliveredQueue"),
            Map.of(), Map.of("LeadsTable", "arn:aws:dynamodb:ddblocal:000000000000:table/LeadsTable/stream/x",
                    "Table", "arn:aws:dynamodb:ddblocal:000000000000:table/Table/stream/y"));

    private static final String MINI = """
            Parameters:
              Stage:
                Type: String
                Default: dev
              Secret:
                Type: String
                NoEcho: true
            Globals:
              Function:
                Runtime: java21
                Timeout: 15
                MemorySize: 1024
                Environment:
                  Variables:
                    A: global-a
                    B: global-b
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
                  KeySchema: [{AttributeName: pk, KeyType: HASH}]
              Q:
                Type: AWS::SQS::Queue
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: x.Y::handle
                  Timeout: 30
                  Environment:
                    Variables:
                      B: own-b
                      ARN_SUB: !Sub ${Table.Arn}/index/${AWS::Region}-${Stage}
                      JOINED: !Join [",", [!Ref Stage, !GetAtt [Q, Arn]]]
                      PICKED: !Select [1, [a, b, c]]
                      LONG: {"Fn::Sub": ["${X}-${AWS::AccountId}", {X: !Ref Table}]}
                      QUEUE_URL: !Ref Q
                      LITERAL: !Sub "${!NotAVar}"
            """;

    @Test
    void globalsMergeIntoEachFunctionKeyByKey() {
        SamTemplate.Function fn = SamTemplate.parse(MINI, "mini").functions(NAMES).get(0);
        assertThat(fn.runtime()).isEqualTo("java21");
        assertThat(fn.memorySize()).isEqualTo(1024);
        assertThat(fn.timeoutSeconds()).isEqualTo(30);
        assertThat(fn.environment()).containsEntry("A", "global-a").containsEntry("B", "own-b");
    }

    @Test
    void intrinsicsResolveAgainstLocalNames() {
        Map<String, String> env = SamTemplate.parse(MINI, "mini").functions(NAMES).get(0).environment();
        assertThat(env.get("ARN_SUB")).isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/Table/index/us-east-1-dev");
        assertThat(env.get("JOINED")).isEqualTo("dev,arn:aws:sqs:us-east-1:000000000000:Q");
        assertThat(env.get("PICKED")).isEqualTo("b");
        assertThat(env.get("LONG")).isEqualTo("Table-000000000000");
        assertThat(env.get("LITERAL")).isEqualTo("${NotAVar}");
    }

    @Test
    void parameterOverridesWinOverDefaults() {
        SamTemplate t = SamTemplate.parse(MINI, "mini").withParameters(Map.of("Stage", "prod"));
        assertThat(t.parameterValue("Stage")).isEqualTo("prod");
        assertThat(t.functions(NAMES).get(0).environment().get("ARN_SUB")).endsWith("-prod");
        assertThatThrownBy(() -> t.parameterValue("Secret")).hasMessageContaining("Secret")
                .hasMessageContaining("no Default");
        assertThatThrownBy(() -> t.withParameters(Map.of("Nope", "x"))).hasMessageContaining("Nope");
    }

    @Test
    void unknownRefIsAClearErrorNamingResourceAndProperty() {
        String yaml = MINI.replace("QUEUE_URL: !Ref Q", "QUEUE_URL: !Ref MissingQueue");
        assertThatThrownBy(() -> SamTemplate.parse(yaml, "mini").functions(NAMES))
                .isInstanceOf(SamTemplateException.class)
                .hasMessageContaining("resource Fn")
                .hasMessageContaining("Environment.Variables.QUEUE_URL")
                .hasMessageContaining("MissingQueue");
    }

    @Test
    void unsupportedIntrinsicIsAClearError() {
        String yaml = MINI.replace("PICKED: !Select [1, [a, b, c]]", "PICKED: !If [IsProd, a, b]");
        assertThatThrownBy(() -> SamTemplate.parse(yaml, "mini").functions(NAMES))
                .isInstanceOf(SamTemplateException.class)
                .hasMessageContaining("resource Fn")
                .hasMessageContaining("Environment.Variables.PICKED")
                .hasMessageContaining("Fn::If");
    }

    @Test
    void repoTemplateTables() {
        SamTemplate.Table t = SamTemplate.load(REPO_TEMPLATE).tables().get(0);
        assertThat(t.logicalId()).isEqualTo("LeadsTable");
        assertThat(t.tableName()).isEqualTo("LeadsTable");
        assertThat(t.keySchema()).isEqualTo(new SamTemplate.KeySchema("pk", "sk"));
        assertThat(t.globalSecondaryIndexes()).extracting(SamTemplate.Index::name)
                .containsExactly("DueIndex", "RulesVersionIndex");
        assertThat(t.globalSecondaryIndexes().get(0).keySchema()).isEqualTo(new SamTemplate.KeySchema("dueShard", "dueAt"));
        assertThat(t.globalSecondaryIndexes().get(0).projectionType()).isEqualTo("KEYS_ONLY");
        assertThat(t.streamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(t.ttlAttribute()).isEqualTo("expiresAt");
        assertThat(t.attributeTypes()).containsEntry("dueAt", "S").hasSize(5);
    }

    @Test
    void repoTemplateQueuesComeDeadLetterFirst() {
        List<SamTemplate.Queue> queues = SamTemplate.load(REPO_TEMPLATE).queues();
        List<String> ids = queues.stream().map(SamTemplate.Queue::logicalId).toList();
        assertThat(ids).containsExactlyInAnyOrder("RescoreQueue", "RescoreDeadLetterQueue", "PipeDeadLetterQueue",
                "HandoffUndeliveredQueue", "HandoffFailureQueue");
        assertThat(ids.indexOf("RescoreDeadLetterQueue")).isLessThan(ids.indexOf("RescoreQueue"));
        SamTemplate.Queue rescore = queues.get(ids.indexOf("RescoreQueue"));
        assertThat(rescore.visibilityTimeout()).isEqualTo(90);
        assertThat(rescore.messageRetentionPeriod()).isEqualTo(345600);
        assertThat(rescore.redrive()).isEqualTo(new SamTemplate.Redrive("RescoreDeadLetterQueue", 5));
        assertThat(rescore.fifo()).isFalse();
    }

    @Test
    void repoTemplatePipe() {
        SamTemplate.Pipe pipe = SamTemplate.load(REPO_TEMPLATE).pipes().get(0);
        assertThat(pipe.logicalId()).isEqualTo("EventsToRescorePipe");
        assertThat(pipe.sourceTableId()).isEqualTo("LeadsTable");
        assertThat(pipe.targetQueueId()).isEqualTo("RescoreQueue");
        assertThat(pipe.batchSize()).isEqualTo(10);
        assertThat(pipe.startingPosition()).isEqualTo("TRIM_HORIZON");
        assertThat(pipe.filterPatterns()).containsExactly(
                "{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[{\"prefix\":\"EVENT#\"}]}}}}");
        assertThat(pipe.inputTemplate()).isEqualTo("{\"pk\": <$.dynamodb.Keys.pk.S>, \"cause\": \"event\"}");
    }

    @Test
    void repoTemplateFunctionsAndEvents() {
        SamTemplate t = SamTemplate.load(REPO_TEMPLATE).withParameters(Map.of("ZoomWebhookSecretToken", "zz",
                "HandoffWebhookUrls", "https://crm.example.com/hook", "HandoffSigningSecret", "s".repeat(32)));
        Map<String, SamTemplate.Function> fns = new java.util.LinkedHashMap<>();
        t.functions(NAMES).forEach(f -> fns.put(f.logicalId(), f));
        assertThat(fns).containsOnlyKeys("FormIngestFunction", "WebinarIngestFunction", "RescoreFunction",
                "ScheduleRescoreFunction", "HandoffFunction", "LeadReadFunction", "LeadEraseFunction");

        SamTemplate.Function form = fns.get("FormIngestFunction");
        assertThat(form.handler()).isEqualTo("com.leadqual.functions.form.FormIngestHandler::handleRequest");
        assertThat(form.codeUri()).isEqualTo("functions/form-ingest/target/form-ingest.jar");
        assertThat(form.architectures()).containsExactly("arm64");
        assertThat(form.environment()).containsEntry("TABLE_NAME", "LeadsTable")
                .containsEntry("ALLOWED_ORIGINS", "https://www.example.com")
                .containsEntry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        assertThat(form.events().values()).containsExactly(
                new SamTemplate.HttpEvent("Submit", "HttpApi", "IngestApi", "/forms", "POST", false),
                new SamTemplate.HttpEvent("Preflight", "HttpApi", "IngestApi", "/forms", "OPTIONS", false));

        assertThat(fns.get("WebinarIngestFunction").environment()).containsEntry("ZOOM_WEBHOOK_SECRET_TOKEN", "zz");

        SamTemplate.SqsEvent sqs = (SamTemplate.SqsEvent) fns.get("RescoreFunction").events().get("Rescore");
        assertThat(sqs.queueId()).isEqualTo("RescoreQueue");
        assertThat(sqs.batchSize()).isEqualTo(10);
        assertThat(sqs.maximumBatchingWindowInSeconds()).isEqualTo(1);
        assertThat(sqs.reportsBatchItemFailures()).isTrue();

        SamTemplate.StreamEvent handoff = (SamTemplate.StreamEvent) fns.get("HandoffFunction").events()
                .get("StageChanges");
        assertThat(handoff.tableId()).isEqualTo("LeadsTable");
        assertThat(handoff.bisectBatchOnFunctionError()).isTrue();
        assertThat(handoff.maximumRetryAttempts()).isEqualTo(5);
        assertThat(handoff.onFailureQueueId()).isEqualTo("HandoffFailureQueue");
        assertThat(handoff.reportsBatchItemFailures()).isTrue();
        assertThat(fns.get("HandoffFunction").environment())
                .containsEntry("UNDELIVERED_QUEUE_URL", "http://127.0.0.1:9/000000000000/HandoffUndeliveredQueue")
                .containsEntry("WEBHOOK_URLS", "https://crm.example.com/hook");
        assertThat(fns.get("LeadReadFunction").events().values()).containsExactly(
                new SamTemplate.HttpEvent("Read", "Api", "LeadsApi", "/leads/{email}", "GET", true));
        assertThat(fns.get("LeadEraseFunction").events().values()).containsExactly(
                new SamTemplate.HttpEvent("Erase", "Api", "LeadsApi", "/leads/{email}", "DELETE", true));

        SamTemplate.Function schedule = fns.get("ScheduleRescoreFunction");
        assertThat(schedule.timeoutSeconds()).isEqualTo(300);
        assertThat(schedule.environment()).containsEntry("QUEUE_URL", "http://127.0.0.1:9/000000000000/RescoreQueue")
                .containsEntry("RULES_FILE", "");
        assertThat(schedule.events().values()).containsExactly(
                new SamTemplate.ScheduleEvent("DueLeads", "rate(15 minutes)", true, null),
                new SamTemplate.ScheduleEvent("RulesChanged", "rate(1 day)", false, "{\"mode\": \"rules-changed\"}"));
    }

    @Test
    void missingParameterWithoutDefaultIsReportedWhereItIsUsed() {
        assertThatThrownBy(() -> SamTemplate.load(REPO_TEMPLATE).functions(NAMES))
                .hasMessageContaining("WebinarIngestFunction")
                .hasMessageContaining("ZOOM_WEBHOOK_SECRET_TOKEN")
                .hasMessageContaining("ZoomWebhookSecretToken");
    }

    @Test
    void streamEventWithFilterCriteria() {
        String yaml = MINI + """
                  Follower:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::c
                      Events:
                        Changes:
                          Type: DynamoDB
                          Properties:
                            Stream: !GetAtt Table.StreamArn
                            StartingPosition: LATEST
                            BatchSize: 5
                            FilterCriteria:
                              Filters:
                                - Pattern: '{"dynamodb":{"Keys":{"sk":{"S":["STATE"]}}}}'
                """;
        SamTemplate.Function f = SamTemplate.parse(yaml, "mini").functions(NAMES).get(1);
        assertThat(f.events().get("Changes")).isEqualTo(new SamTemplate.StreamEvent("Changes", "Table", "LATEST", 5, 0,
                List.of("{\"dynamodb\":{\"Keys\":{\"sk\":{\"S\":[\"STATE\"]}}}}"), List.of(), true, false, -1, -1,
                null));
        assertThat(f.timeoutSeconds()).isEqualTo(15);
    }

    @Test
    void streamEventErrorHandling() {
        String yaml = MINI + """
                  Follower:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::c
                      Events:
                        Changes:
                          Type: DynamoDB
                          Properties:
                            Stream: !GetAtt Table.StreamArn
                            StartingPosition: TRIM_HORIZON
                            BisectBatchOnFunctionError: true
                            MaximumRetryAttempts: 3
                            MaximumRecordAgeInSeconds: 3600
                            FunctionResponseTypes: [ReportBatchItemFailures]
                            DestinationConfig:
                              OnFailure:
                                Destination: !GetAtt Q.Arn
                """;
        SamTemplate.StreamEvent e = (SamTemplate.StreamEvent) SamTemplate.parse(yaml, "mini").functions(NAMES).get(1)
                .events().get("Changes");
        assertThat(e.bisectBatchOnFunctionError()).isTrue();
        assertThat(e.maximumRetryAttempts()).isEqualTo(3);
        assertThat(e.maximumRecordAgeInSeconds()).isEqualTo(3600);
        assertThat(e.onFailureQueueId()).isEqualTo("Q");
        assertThat(e.reportsBatchItemFailures()).isTrue();
        assertThat(e.batchSize()).isEqualTo(100);
    }

    @Test
    void onFailureDestinationMustBeAQueueOfTheTemplate() {
        String yaml = MINI + """
                  Follower:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::c
                      Events:
                        Changes:
                          Type: DynamoDB
                          Properties:
                            Stream: !GetAtt Table.StreamArn
                            DestinationConfig:
                              OnFailure:
                                Type: SNS
                                Destination: arn:aws:sns:us-east-1:000000000000:t
                """;
        assertThatThrownBy(() -> SamTemplate.parse(yaml, "mini").functions(NAMES))
                .hasMessageContaining("Events.Changes").hasMessageContaining("OnFailure").hasMessageContaining("SNS");
    }

    @Test
    void apiKeyRequiredComesFromTheEventOrElseItsApi() {
        String yaml = MINI + """
                  Rest:
                    Type: AWS::Serverless::Api
                    Properties:
                      StageName: v1
                      Auth:
                        ApiKeyRequired: true
                  Open:
                    Type: AWS::Serverless::Api
                    Properties:
                      StageName: v1
                  Reader:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::c
                      Events:
                        Keyed:
                          Type: Api
                          Properties: {RestApiId: !Ref Rest, Path: '/leads/{email}', Method: get}
                        Exempt:
                          Type: Api
                          Properties:
                            RestApiId: !Ref Rest
                            Path: /health
                            Method: GET
                            Auth: {ApiKeyRequired: false}
                        OptIn:
                          Type: Api
                          Properties:
                            RestApiId: !Ref Open
                            Path: /x
                            Method: GET
                            Auth: {ApiKeyRequired: true}
                        Unkeyed:
                          Type: Api
                          Properties: {RestApiId: !Ref Open, Path: /y, Method: GET}
                """;
        Map<String, SamTemplate.Event> events = SamTemplate.parse(yaml, "mini").functions(NAMES).get(1).events();
        assertThat(events.values()).containsExactly(
                new SamTemplate.HttpEvent("Keyed", "Api", "Rest", "/leads/{email}", "GET", true),
                new SamTemplate.HttpEvent("Exempt", "Api", "Rest", "/health", "GET", false),
                new SamTemplate.HttpEvent("OptIn", "Api", "Open", "/x", "GET", true),
                new SamTemplate.HttpEvent("Unkeyed", "Api", "Open", "/y", "GET", false));
    }

    @Test
    void unsupportedEventTypeNamesFunctionAndEvent() {
        String yaml = MINI + """
                  Other:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::c
                      Events:
                        Bucket:
                          Type: S3
                          Properties: {Bucket: x}
                """;
        assertThatThrownBy(() -> SamTemplate.parse(yaml, "mini").functions(NAMES))
                .hasMessageContaining("resource Other").hasMessageContaining("Events.Bucket")
                .hasMessageContaining("S3");
    }
}
