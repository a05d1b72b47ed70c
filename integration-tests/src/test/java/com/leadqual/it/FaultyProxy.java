package com.leadqual.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a local service that can be told to misbehave: refuse connections, or
 * swallow requests and never answer. Switching mode cuts every open connection, as a network outage does.
 */
final class FaultyProxy implements AutoCloseable {
    enum Mode { PASS, REFUSE, BLACKHOLE }

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.PASS;

    FaultyProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "faulty-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void mode(Mode next) {
        mode = next;
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                switch (mode) {
                    case REFUSE -> closeQuietly(client);
                    case BLACKHOLE -> daemon(() -> drain(client));
                    case PASS -> {
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                        open.add(upstream);
                        daemon(() -> pump(client, upstream));
                        daemon(() -> pump(upstream, client));
                    }
                }
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "faulty-proxy-conn");
        thread.setDaemon(true);
        thread.start();
    }

    private static void drain(Socket socket) {
        try (InputStream in = socket.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the outage ended or the client gave up
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException ignored) {
            // one side closed; close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        mode(Mode.REFUSE);
    }
}
