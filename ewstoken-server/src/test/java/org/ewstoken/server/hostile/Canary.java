package org.ewstoken.server.hostile;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback listener that no part of the server may ever connect to; it counts those who do. */
public final class Canary implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();

    private Canary(ServerSocket socket) {
        this.socket = socket;
        Thread t = new Thread(this::accept, "canary");
        t.setDaemon(true);
        t.start();
    }

    public static Canary open() throws IOException {
        return new Canary(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                connections.incrementAndGet();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
