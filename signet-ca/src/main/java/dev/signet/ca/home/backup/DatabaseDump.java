package dev.signet.ca.home.backup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A portable, consistent export of Signet's tables as JSON lines, and its import into an empty, migrated database of
 * either kind. PostgreSQL backups use it (SQLite ones copy the file with SQLite's online backup API), and it lets a
 * PostgreSQL backup be restored onto SQLite and back.
 *
 * <p>Format: a first line {@code {"signetDump":1,"schemaVersion":"7"}}, then one line per row
 * {@code {"table":"certificates","row":{...},"binary":{...}}}, binary columns base64-encoded apart. Nonces and the
 * instances' presence rows ({@code ca_instances}) are left out: they expire within the hour and within seconds.
 * Stateless.
 */
public final class DatabaseDump {
    /** The tables, parents before children (foreign keys). */
    static final List<String> TABLES = List.of("acme_accounts", "acme_eab_keys", "acme_orders", "acme_authorizations",
            "acme_challenges", "certificates", "audit_events", "used_tokens", "crl_state", "managed_provisioners",
            "provisioner_state");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatabaseDump() {}

    /**
     * Writes every row of Signet's tables as one snapshot: the reads run in one read-only repeatable-read
     * transaction, so rows committed meanwhile by running instances are either all in or all out.
     *
     * @return the number of rows written
     */
    public static long export(Connection c, OutputStream out) throws SQLException, IOException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        if (c.getMetaData().supportsTransactionIsolationLevel(Connection.TRANSACTION_REPEATABLE_READ)
                && !c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("sqlite")) {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        }
        long rows = 0;
        JsonGenerator g = new JsonFactory(JSON).createGenerator(out);
        g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
        g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
        try (Statement s = c.createStatement()) {
            g.writeStartObject();
            g.writeNumberField("signetDump", 1);
            g.writeStringField("schemaVersion", schemaVersion(s));
            g.writeEndObject();
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        writeRow(g, table, rs, md);
                        rows++;
                    }
                }
            }
            g.writeRaw('\n');
            g.flush();
            c.commit();
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return rows;
    }

    private static void writeRow(JsonGenerator g, String table, ResultSet rs, ResultSetMetaData md) throws SQLException, IOException {
        g.writeStartObject();
        g.writeStringField("table", table);
        g.writeObjectFieldStart("row");
        List<Integer> binary = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String name = md.getColumnName(i).toLowerCase(java.util.Locale.ROOT);
            int type = md.getColumnType(i);
            if (type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY || type == Types.BLOB) {
                binary.add(i);
                continue;
            }
            Object v = rs.getObject(i);
            if (v == null) g.writeNullField(name);
            else if (v instanceof Number n) g.writeNumberField(name, n.longValue());
            else g.writeStringField(name, v.toString());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("binary");
        for (int i : binary) {
            byte[] b = rs.getBytes(i);
            String name = md.getColumnName(i).toLowerCase(java.util.Locale.ROOT);
            if (b == null) g.writeNullField(name);
            else g.writeStringField(name, Base64.getEncoder().encodeToString(b));
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * Loads a dump into a migrated database that holds no certificates, accounts or audit events yet, in one
     * transaction (all rows or none). The rows the migrations seed (CRL number, provisioner version) are replaced.
     *
     * @return the number of rows loaded
     * @throws IOException when the dump is not one, is from a newer schema, or the database is not empty
     */
    public static long importInto(Connection c, InputStream in) throws SQLException, IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String first = reader.readLine();
        JsonNode head = first == null ? null : JSON.readTree(first);
        if (head == null || !head.path("signetDump").isInt()) throw new IOException("The database export in the backup has no header.");
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        long rows = 0;
        try (Statement s = c.createStatement()) {
            String target = schemaVersion(s);
            if (Integer.parseInt(head.path("schemaVersion").asText("0")) > Integer.parseInt(target)) {
                throw new IOException("The backup's database has schema version " + head.path("schemaVersion").asText()
                        + ", newer than this Signet's " + target + "; restore it with a newer Signet.");
            }
            for (String table : List.of("certificates", "acme_accounts", "audit_events")) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    if (rs.getLong(1) > 0) throw new IOException("The target database is not empty: its table " + table + " has rows.");
                }
            }
            s.executeUpdate("DELETE FROM crl_state");
            s.executeUpdate("DELETE FROM provisioner_state");
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank()) continue;
                insert(c, JSON.readTree(line));
                rows++;
            }
            if (c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
                // explicit ids leave the identity sequences behind; move them past the restored rows
                s.execute("SELECT setval(pg_get_serial_sequence('audit_events', 'id'), COALESCE((SELECT MAX(id) FROM audit_events), 0) + 1, false)");
                s.execute("SELECT setval(pg_get_serial_sequence('acme_orders', 'seq'), COALESCE((SELECT MAX(seq) FROM acme_orders), 0) + 1, false)");
            }
            c.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return rows;
    }

    private static void insert(Connection c, JsonNode line) throws SQLException, IOException {
        String table = line.path("table").asText();
        if (!TABLES.contains(table)) throw new IOException("The database export names an unknown table \"" + table + "\".");
        List<String> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = line.path("row").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            columns.add(checked(f.getKey()));
            JsonNode v = f.getValue();
            values.add(v.isNull() ? null : v.isNumber() ? (Object) v.longValue() : v.asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = line.path("binary").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            columns.add(checked(f.getKey()));
            values.add(f.getValue().isNull() ? null : Base64.getDecoder().decode(f.getValue().asText()));
        }
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i);
                if (v == null) ps.setNull(i + 1, Types.NULL);
                else if (v instanceof byte[] b) ps.setBytes(i + 1, b);
                else if (v instanceof Long l) ps.setLong(i + 1, l);
                else ps.setString(i + 1, (String) v);
            }
            ps.executeUpdate();
        }
    }

    /** A column name from the dump, which becomes part of SQL: only lower-case letters, digits and underscores. */
    private static String checked(String column) throws IOException {
        if (!column.matches("[a-z_][a-z0-9_]{0,62}")) throw new IOException("The database export names an invalid column \"" + column + "\".");
        return column;
    }

    private static String schemaVersion(Statement s) throws SQLException {
        String newest = "0";
        try (ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL")) {
            while (rs.next()) {
                String v = rs.getString(1);
                if (Integer.parseInt(v) > Integer.parseInt(newest)) newest = v;
            }
        }
        return newest;
    }
}
