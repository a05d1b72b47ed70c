package com.leadqual.local.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Every JDK {@link HttpServer} this project serves on loopback (the runner's API, each environment's Runtime
 * API, the bench's receivers) is created here, so that all of them set TCP_NODELAY on their connections.
 */
public final class LoopbackHttpServer {
    static {
        // Without it every small answer waits for the peer's delayed ACK (Nagle's algorithm), ~40 ms on Linux:
        // the runner's request rate was bounded by that, not by work. The JDK's implementation reads this
        // property once, when its server class initialises, so it is set before the first HttpServer.create.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private LoopbackHttpServer() {
    }

    /** An unstarted server bound to 127.0.0.1:{@code port} (0 = a free port). */
    public static HttpServer create(int port, int backlog) throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
    }
}
