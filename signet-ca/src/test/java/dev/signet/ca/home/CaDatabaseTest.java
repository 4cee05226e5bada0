package dev.signet.ca.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.ConfigException;
import dev.signet.ca.storage.JdbcStorage;
import dev.signet.ca.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaDatabaseTest {
    @TempDir
    Path dir;

    private CaConfig.Db postgresql(String passwordFile) {
        return new CaConfig.Db("postgresql", "jdbc:postgresql://db/signet", passwordFile, null, null);
    }

    @Test
    void thePasswordComesFromTheFileElseTheEnvironmentElseNowhere() throws Exception {
        CaHome home = new CaHome(dir);
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/db-password"), "s3cret\n");
        Map<String, String> env = Map.of(CaDatabase.PASSWORD_ENV, "from-env");

        assertThat(CaDatabase.password(home, postgresql("secrets/db-password"), env)).isEqualTo("s3cret".toCharArray());
        assertThat(CaDatabase.password(home, postgresql(null), env)).isEqualTo("from-env".toCharArray());
        assertThat(CaDatabase.password(home, postgresql(null), Map.of())).isNull();
    }

    @Test
    void anUnreadablePasswordFileIsNamed() {
        Path missing = dir.resolve("secrets/none");
        assertThatThrownBy(() -> CaDatabase.password(new CaHome(dir), postgresql("secrets/none"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("The database password file " + missing + " (db.passwordFile) cannot be read: ");
    }

    @Test
    void theConfigChoosesTheDatabase() {
        CaHome home = new CaHome(dir);
        try (JdbcStorage sqlite = CaDatabase.open(home, new CaConfig.Db("sqlite", "db/signet.db"), Map.of())) {
            sqlite.ping();
        }
        assertThat(dir.resolve("db/signet.db")).exists();
        String url = TestPostgres.newDatabase();
        try (JdbcStorage pg = CaDatabase.open(home, new CaConfig.Db("postgresql", url, null, 2, null), Map.of())) {
            assertThat(pg.nextCrlNumber()).isEqualTo(1);
        }
        assertThat(CaDatabase.describe(home, new CaConfig.Db("sqlite", "db/signet.db"))).isEqualTo(dir.resolve("db/signet.db").toString());
        assertThat(CaDatabase.describe(home, new CaConfig.Db("postgresql", url, null, 2, null))).isEqualTo(url);
    }
}
