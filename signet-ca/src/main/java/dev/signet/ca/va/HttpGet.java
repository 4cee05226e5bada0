package dev.signet.ca.va;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 GET over a socket the caller has connected (plain or TLS). A socket rather than
 * {@code java.net.http.HttpClient}, because validation must send the identifier as {@code Host} to an address the VA
 * resolved itself, and HttpClient neither lets the {@code Host} header be set nor the address be chosen.
 *
 * <p>Reads the status, the {@code Location} header and, for status 200 only, at most {@code maxBody} bytes of body
 * (Content-Length, chunked, or up to the end of the connection). Stateless; each call owns its socket.
 */
final class HttpGet {
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    /**
     * @param status the HTTP status code
     * @param location the Location header, or {@code null}
     * @param body the body of a 200 response (empty for other statuses), at most the limit
     * @param bodyTooLarge whether the body was longer than the limit (then {@code body} is its beginning)
     */
    record Response(int status, String location, byte[] body, boolean bodyTooLarge) {}

    private HttpGet() {}

    static Response get(Socket socket, String host, String path, Deadline deadline, int maxBody) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: Signet-VA\r\nAccept: */*\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = new java.io.BufferedInputStream(deadline.input(socket));
        Head head = new Head(in);
        int status = head.status();
        String location = null;
        long contentLength = -1;
        boolean chunked = false;
        for (String line = head.line(); !line.isEmpty(); line = head.line()) {
            int colon = line.indexOf(':');
            if (colon <= 0) throw new ProtocolException("the response has a malformed header line");
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("location")) location = value;
            else if (name.equals("content-length")) contentLength = parseLength(value);
            else if (name.equals("transfer-encoding")) chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
        }
        if (status != 200) return new Response(status, location, new byte[0], false);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean tooLarge;
        if (chunked) {
            tooLarge = readChunked(in, head, body, maxBody);
        } else if (contentLength >= 0) {
            tooLarge = contentLength > maxBody;
            if (!tooLarge) copy(in, body, contentLength, true);
        } else {
            copy(in, body, maxBody + 1L, false);
            tooLarge = body.size() > maxBody;
        }
        byte[] bytes = body.toByteArray();
        if (bytes.length > maxBody) bytes = java.util.Arrays.copyOf(bytes, maxBody);
        return new Response(status, location, bytes, tooLarge);
    }

    /** The most chunks one body may have; with {@code maxBody} this bounds the work a hostile server can cause. */
    private static final int MAX_CHUNKS = 1024;

    private static boolean readChunked(InputStream in, Head head, ByteArrayOutputStream body, int maxBody)
            throws IOException {
        for (int chunks = 0; ; chunks++) {
            if (chunks >= MAX_CHUNKS) throw new ProtocolException("the response has more than " + MAX_CHUNKS + " chunks");
            String sizeLine = head.line();
            int semicolon = sizeLine.indexOf(';');
            long size = parseHex(semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine);
            if (size == 0) return false;
            if (size < 0 || size > maxBody - body.size()) return true; // written so that no sum can overflow
            copy(in, body, size, true);
            if (!head.line().isEmpty()) throw new ProtocolException("a chunk of the response is longer than it said");
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream to, long count, boolean exact) throws IOException {
        byte[] buffer = new byte[4096];
        long left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                if (exact) throw new EOFException("the response body ended early");
                return;
            }
            to.write(buffer, 0, n);
            left -= n;
        }
    }

    private static long parseLength(String value) throws ProtocolException {
        try {
            long length = Long.parseLong(value);
            if (length < 0) throw new NumberFormatException(value);
            return length;
        } catch (NumberFormatException e) {
            throw new ProtocolException("the response has an invalid Content-Length");
        }
    }

    private static long parseHex(String value) throws ProtocolException {
        try {
            long size = Long.parseLong(value.trim(), 16);
            if (size < 0) throw new NumberFormatException(value);
            return size;
        } catch (NumberFormatException e) {
            throw new ProtocolException("the response has an invalid chunk size");
        }
    }

    /** Reads the status line and header lines, bounded in total size. */
    private static final class Head {
        private final InputStream in;
        private int read;

        Head(InputStream in) {
            this.in = in;
        }

        int status() throws IOException {
            String line = line();
            String[] parts = line.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new ProtocolException("the response is not HTTP/1.x");
            }
            try {
                return Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new ProtocolException("the response has an invalid status line");
            }
        }

        String line() throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                int c = in.read();
                if (c < 0) throw new EOFException("the connection closed before the response was complete");
                if (++read > MAX_HEADER_BYTES) {
                    throw new ProtocolException("the response head is longer than " + MAX_HEADER_BYTES + " bytes");
                }
                if (c == '\n') break;
                line.append((char) c);
            }
            int end = line.length();
            if (end > 0 && line.charAt(end - 1) == '\r') line.setLength(end - 1);
            return line.toString();
        }
    }
}
