package dev.signet.ca.va;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The end of the time budget of one validation, shared by its lookups, connections, handshakes and reads, so that a
 * slow peer cannot stretch a validation by answering just before each single timeout. Not thread-safe; one validation
 * runs on one thread.
 */
final class Deadline {
    private final Duration budget;
    private final long endNanos;

    private Deadline(Duration budget) {
        this.budget = budget;
        this.endNanos = System.nanoTime() + budget.toNanos();
    }

    static Deadline after(Duration budget) {
        return new Deadline(budget);
    }

    Duration budget() {
        return budget;
    }

    /** The time left in milliseconds, at least 1; throws once the budget is spent. */
    int remainingMillis() throws SocketTimeoutException {
        long left = (endNanos - System.nanoTime()) / 1_000_000;
        if (left <= 0) throw new SocketTimeoutException("the validation ran out of its " + budget.toMillis() + " ms");
        return (int) Math.min(left, Integer.MAX_VALUE);
    }

    /** The socket's input, each read bounded by the time left. */
    InputStream input(Socket socket) throws IOException {
        return new FilterInputStream(socket.getInputStream()) {
            @Override
            public int read() throws IOException {
                socket.setSoTimeout(remainingMillis());
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                socket.setSoTimeout(remainingMillis());
                return super.read(b, off, len);
            }
        };
    }
}
