package dev.signet.ca.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.signet.ca.error.CaException;
import dev.signet.ca.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Jdbc#undurable}: its statement runs without waiting for the disk, and every connection is back to durable
 * commits afterwards, also after a failure.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.Kind.class)
class JdbcUndurableTest {
    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private Jdbc db;

    @BeforeEach
    void open() {
        TestDatabase database = TestDatabase.create(kind, dir);
        if (kind == TestDatabase.Kind.SQLITE) {
            pool = JdbcStorage.sqlitePool(dir.resolve("signet.db"));
        } else {
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(database.jdbcUrl());
            hc.setConnectionInitSql("SET synchronous_commit TO on"); // the test server runs with it off, for speed
            pool = new HikariDataSource(hc);
        }
        pool.setMaximumPoolSize(1); // one connection: the next use is the same connection
        db = new Jdbc(pool, kind == TestDatabase.Kind.POSTGRESQL);
    }

    @AfterEach
    void close() {
        pool.close();
    }

    /** The setting that decides whether a commit waits for the disk, as the connection reports it. */
    private String durability(Connection c) throws SQLException {
        String sql = kind == TestDatabase.Kind.SQLITE ? "PRAGMA synchronous" : "SHOW synchronous_commit";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private String relaxed() {
        return kind == TestDatabase.Kind.SQLITE ? "1" : "off"; // SQLite: 1 = NORMAL, 2 = FULL
    }

    private String durable() {
        return kind == TestDatabase.Kind.SQLITE ? "2" : "on";
    }

    @Test
    void theStatementRunsRelaxedAndTheConnectionReturnsDurable() {
        assertThat(db.query("read", this::durability)).isEqualTo(durable());
        for (int round = 1; round <= 2; round++) { // the second round on the same connection, its statements reused
            assertThat(db.undurable("read", this::durability)).as("round %d", round).isEqualTo(relaxed());
            assertThat(db.query("read", this::durability)).as("round %d", round).isEqualTo(durable());
        }
        assertThat(db.transaction("read", this::durability)).isEqualTo(durable());
    }

    @Test
    void aFailedStatementAlsoLeavesTheConnectionDurable() {
        assertThatThrownBy(() -> db.undurable("run a broken statement", c -> {
            try (Statement st = c.createStatement()) {
                return st.execute("SELECT * FROM no_such_table");
            }
        })).isInstanceOf(CaException.class).hasMessageStartingWith("The database could not run a broken statement");
        assertThat(db.query("read", this::durability)).isEqualTo(durable());
    }

    @Test
    void itsWritesAreCommitted() {
        db.transaction("create", c -> Jdbc.update(c, "CREATE TABLE t (v INTEGER)"));
        db.undurable("insert", c -> Jdbc.update(c, "INSERT INTO t (v) VALUES (?)", 7));
        try (Connection other = pool.getConnection(); Statement st = other.createStatement();
             ResultSet rs = st.executeQuery("SELECT v FROM t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(7);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
