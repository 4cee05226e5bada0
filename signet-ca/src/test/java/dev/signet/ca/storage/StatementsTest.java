package dev.signet.ca.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Statements}: SQLite statements prepared once per connection and used again, across the pool taking the
 * connection back; a statement in use is never handed out twice; the cache of a connection is bounded.
 */
class StatementsTest {
    @TempDir
    Path dir;

    private HikariDataSource pool;

    @BeforeEach
    void open() throws Exception {
        pool = JdbcStorage.sqlitePool(dir.resolve("statements.db"));
        pool.setMaximumPoolSize(1); // one connection: the next borrow is the same connection
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
            st.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
    }

    @AfterEach
    void close() {
        pool.close();
    }

    private static String value(Connection c, int key) throws java.sql.SQLException, java.io.IOException {
        return Jdbc.first(c, "SELECT v FROM t WHERE k = ?", rs -> rs.getString(1), key).orElse(null);
    }

    @Test
    void aStatementIsPreparedOnceAndOutlivesTheConnectionsReturnToThePool() throws Exception {
        PreparedStatement first;
        try (Connection c = pool.getConnection()) {
            try (Statements.Lease lease = Statements.prepare(c, "SELECT v FROM t WHERE k = ?")) {
                first = lease.statement();
            }
            assertThat(value(c, 1)).isEqualTo("one");
        }
        try (Connection c = pool.getConnection()) { // the pool took the connection back in between
            try (Statements.Lease lease = Statements.prepare(c, "SELECT v FROM t WHERE k = ?")) {
                assertThat(lease.statement()).isSameAs(first);
                assertThat(lease.statement().isClosed()).isFalse();
            }
            assertThat(value(c, 2)).as("parameters bound afresh").isEqualTo("two");
            assertThat(value(c, 9)).isNull();
        }
    }

    @Test
    void aStatementInUseIsNotHandedOutAgainAndTheExtraOneIsClosedWithItsLease() throws Exception {
        try (Connection c = pool.getConnection()) {
            String sql = "SELECT k FROM t ORDER BY k";
            List<String> nested = new ArrayList<>();
            PreparedStatement extra;
            try (Statements.Lease outer = Statements.prepare(c, sql); ResultSet rs = outer.statement().executeQuery()) {
                try (Statements.Lease inner = Statements.prepare(c, sql)) {
                    extra = inner.statement();
                    assertThat(extra).isNotSameAs(outer.statement());
                    try (ResultSet again = extra.executeQuery()) {
                        while (again.next()) nested.add(again.getString(1));
                    }
                }
                assertThat(extra.isClosed()).isTrue();
                List<String> keys = new ArrayList<>();
                while (rs.next()) keys.add(rs.getString(1));
                assertThat(keys).containsExactly("1", "2", "3");
            }
            assertThat(nested).containsExactly("1", "2", "3");
        }
    }

    @Test
    void eachConnectionKeepsAtMostItsShareOfStatementsTheLeastRecentlyUsedClosedFirst() throws Exception {
        try (Connection c = pool.getConnection()) {
            PreparedStatement oldest;
            try (Statements.Lease lease = Statements.prepare(c, "SELECT 0")) {
                oldest = lease.statement();
            }
            for (int i = 1; i <= Statements.PER_CONNECTION; i++) {
                try (Statements.Lease lease = Statements.prepare(c, "SELECT " + i)) {
                    assertThat(lease.statement().isClosed()).isFalse();
                }
            }
            assertThat(oldest.isClosed()).as("pushed out by the one over the bound").isTrue();
            try (Statements.Lease lease = Statements.prepare(c, "SELECT 0")) {
                assertThat(lease.statement()).isNotSameAs(oldest);
                try (ResultSet rs = lease.statement().executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isZero();
                }
            }
        }
    }

    @Test
    void writesThroughCachedStatementsCommitAndRollBackWithTheirTransaction() throws Exception {
        Jdbc db = new Jdbc(pool, false);
        try {
            db.transaction("write", c -> Jdbc.update(c, "INSERT INTO t VALUES (?, ?)", 4, "four"));
            try {
                db.transaction("write and fail", c -> {
                    Jdbc.update(c, "INSERT INTO t VALUES (?, ?)", 5, "five");
                    throw new IllegalStateException("The work failed after its insert.");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }
            String four = db.query("read", c -> value(c, 4));
            String five = db.query("read", c -> value(c, 5));
            assertThat(four).isEqualTo("four");
            assertThat(five).isNull();
        } finally {
            db.close();
        }
    }

    @Test
    void theOpenOrderCountReadsThePartialIndexOnly() throws Exception {
        pool.close();
        try (JdbcStorage storage = JdbcStorage.openSqlite(dir.resolve("signet.db"))) {
            storage.countPendingOrders("account", Instant.EPOCH); // the schema is in place and the read runs
        }
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("signet.db"));
             PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + AcmeTables.COUNT_OPEN_ORDERS)) {
            ps.setString(1, "account");
            ps.setLong(2, 0);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) plan.append(rs.getString("detail")).append('\n');
            }
            assertThat(plan.toString()).contains("USING COVERING INDEX acme_orders_open");
        }
    }
}
