package dev.signet.tls.acme;

import java.net.InetSocketAddress;

/** Turns the config's listen addresses ({@code :80}, {@code 127.0.0.1:5002}, {@code [::1]:443}) into socket addresses. */
final class ListenAddress {
    private ListenAddress() {}

    /** The socket address of {@code text}, already checked by the config parser; an empty host means every interface. */
    static InetSocketAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        String host = text.substring(0, colon);
        int port = Integer.parseInt(text.substring(colon + 1));
        if (host.isEmpty()) return new InetSocketAddress(port);
        if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
        return new InetSocketAddress(host, port);
    }
}
