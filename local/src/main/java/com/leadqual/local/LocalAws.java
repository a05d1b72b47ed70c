package com.leadqual.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * DynamoDB Local and ElasticMQ running inside this JVM on 127.0.0.1, plus SDK clients pointed at them.
 * Why in-JVM: no Docker, no extra process to manage, and tests start in a few seconds on any machine with a JDK.
 */
public final class LocalAws implements AutoCloseable {
    /** The region every local resource lives in (fake ARNs and queue ARNs use it too). */
    public static final String REGION = "us-east-1";
    /** The account id of every local ARN. */
    public static final String ACCOUNT_ID = "000000000000";
    private static final String HOST = "127.0.0.1";

    private final DynamoDBProxyServer dynamo;
    private final SQSRestServer sqs;
    private final int dynamoPort;
    private final int sqsPort;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private DynamoDbClient dynamoClient;
    private DynamoDbStreamsClient streamsClient;
    private SqsClient sqsClient;
    private boolean closed;

    /** Where and how to start. Port 0 means "pick a free port". */
    public record Options(Path dynamoDataDir, int dynamoPort, int sqsPort) {
        /** Everything in memory, free ports: the usual test setup. */
        public static Options inMemory() {
            return new Options(null, 0, 0);
        }

        /** DynamoDB data kept in {@code dir} (survives restarts), free ports. */
        public static Options dataDir(Path dir) {
            return new Options(dir, 0, 0);
        }

        public Options withPorts(int dynamoPort, int sqsPort) {
            return new Options(dynamoDataDir, dynamoPort, sqsPort);
        }
    }

    private LocalAws(DynamoDBProxyServer dynamo, int dynamoPort, SQSRestServer sqs, int sqsPort) {
        this.dynamo = dynamo;
        this.dynamoPort = dynamoPort;
        this.sqs = sqs;
        this.sqsPort = sqsPort;
    }

    /**
     * Starts both servers; if the second fails the first is stopped again.
     *
     * @throws IllegalStateException naming the port when a port is already in use
     */
    public static LocalAws start(Options options) {
        NativeLibs.ensureSqlite4java();
        int dPort = choosePort(options.dynamoPort(), "DynamoDB Local");
        int sPort = choosePort(options.sqsPort(), "ElasticMQ");
        // Both servers spend their start loading classes: side by side they are ready in about the time of one.
        CompletableFuture<SQSRestServer> sqs = CompletableFuture.supplyAsync(() -> startSqs(sPort));
        DynamoDBProxyServer dynamo;
        try {
            dynamo = startDynamo(options.dynamoDataDir(), dPort);
        } catch (RuntimeException e) {
            sqs.thenAccept(LocalAws::stopQuietly);
            throw e;
        }
        try {
            return new LocalAws(dynamo, dPort, sqs.join(), sPort);
        } catch (CompletionException e) {
            stopQuietly(dynamo);
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static void stopQuietly(SQSRestServer server) {
        try {
            server.stopAndWait();
        } catch (RuntimeException ignored) {
            // stopping after another failure: that failure is the one to report
        }
    }

    private static DynamoDBProxyServer startDynamo(Path dataDir, int port) {
        List<String> args = new ArrayList<>();
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot create DynamoDB Local data dir " + dataDir, e);
            }
            args.add("-dbPath");
            args.add(dataDir.toAbsolutePath().toString());
        }
        // -sharedDb: one database whatever the credentials/region, so the AWS CLI sees the same tables.
        // -disableTelemetry: DynamoDB Local otherwise reports usage over the network.
        args.addAll(List.of("-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)));
        DynamoDBProxyServer server;
        try {
            server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
        } catch (Exception e) {
            throw new IllegalStateException("Could not create DynamoDB Local on port " + port + ": " + e.getMessage(), e);
        }
        bindToLoopback(server);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("DynamoDB Local could not start on " + HOST + ":" + port
                    + (isBindFailure(e) ? " (port " + port + " is already in use)" : "") + ": " + e, e);
        }
        return server;
    }

    /** Why reflection: DynamoDB Local has no bind-address option and would otherwise listen on all interfaces. */
    private static void bindToLoopback(DynamoDBProxyServer server) {
        try {
            Field f = DynamoDBProxyServer.class.getDeclaredField("server");
            f.setAccessible(true);
            Server jetty = (Server) f.get(server);
            for (Connector c : jetty.getConnectors()) {
                if (c instanceof ServerConnector sc) {
                    sc.setHost(HOST);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot bind DynamoDB Local to " + HOST
                    + " (DynamoDBProxyServer internals changed?)", e);
        }
    }

    private static SQSRestServer startSqs(int port) {
        SQSRestServer server;
        try {
            server = SQSRestServerBuilder.withPort(port)
                    .withInterface(HOST)
                    .withServerAddress(new NodeAddress("http", HOST, port, ""))
                    .withAWSRegion(REGION)
                    .withAWSAccountId(ACCOUNT_ID)
                    .start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("ElasticMQ could not start on " + HOST + ":" + port + ": " + e, e);
        }
        try {
            server.waitUntilStarted();
        } catch (RuntimeException e) {
            try {
                server.stopAndWait();
            } catch (RuntimeException ignored) {
                // the failed start is the error worth reporting
            }
            throw new IllegalStateException("ElasticMQ could not start on " + HOST + ":" + port
                    + (isBindFailure(e) ? " (port " + port + " is already in use)" : "") + ": " + e, e);
        }
        return server;
    }

    /** A free port for 0; for a fixed port, a fast and clear failure when something already listens there. */
    private static int choosePort(int requested, String what) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(InetAddress.getByName(HOST), requested));
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(what + " cannot use port " + requested + " on " + HOST
                    + ": the port is already in use (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException
                    || String.valueOf(t.getMessage()).toLowerCase().contains("bind")) {
                return true;
            }
        }
        return false;
    }

    public URI dynamoEndpoint() {
        return URI.create("http://" + HOST + ":" + dynamoPort);
    }

    public URI sqsEndpoint() {
        return URI.create("http://" + HOST + ":" + sqsPort);
    }

    /** Shared client for DynamoDB Local; closed by {@link #close()}. */
    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoClient == null) {
            dynamoClient = track(DynamoDbClient.builder()
                    .endpointOverride(dynamoEndpoint()).region(Region.of(REGION))
                    .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build());
        }
        return dynamoClient;
    }

    /** Shared streams client for DynamoDB Local (same endpoint as the table API); closed by {@link #close()}. */
    public synchronized DynamoDbStreamsClient dynamoDbStreams() {
        if (streamsClient == null) {
            streamsClient = track(DynamoDbStreamsClient.builder()
                    .endpointOverride(dynamoEndpoint()).region(Region.of(REGION))
                    .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build());
        }
        return streamsClient;
    }

    /** Shared client for ElasticMQ; closed by {@link #close()}. */
    public synchronized SqsClient sqs() {
        if (sqsClient == null) {
            sqsClient = track(SqsClient.builder()
                    .endpointOverride(sqsEndpoint()).region(Region.of(REGION))
                    .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build());
        }
        return sqsClient;
    }

    /** Dummy static credentials: local servers accept any, and no real profile is ever read. */
    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    private <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    /** Stops both servers; ElasticMQ's threads are non-daemon, so forgetting this keeps the JVM alive. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a client cannot fail in a way that matters here
            }
        }
        try {
            sqs.stopAndWait();
        } finally {
            stopQuietly(dynamo);
        }
    }

    private static void stopQuietly(DynamoDBProxyServer server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // stopping a server that failed to start
        }
    }
}
