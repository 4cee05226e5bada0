package dev.signet.ca.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for test servers (TCP and UDP both free). Ports come from 20000-31999, below Linux's ephemeral
 * range (32768-60999), so that an outgoing connection cannot take a port between its hand-out and its use; and no port
 * is handed out twice in one JVM, so that parallel test classes do not collide.
 */
public final class Ports {
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Ports() {}

    public static int free() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            synchronized (HANDED_OUT) {
                if (HANDED_OUT.contains(port)) continue;
                try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                     DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                    HANDED_OUT.add(port);
                    return port;
                } catch (IOException taken) {
                    // in use: try another
                }
            }
        }
        throw new UncheckedIOException(new IOException("No free loopback port found between " + LOW + " and " + HIGH + "."));
    }
}
