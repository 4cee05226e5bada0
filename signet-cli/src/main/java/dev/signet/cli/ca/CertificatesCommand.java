package dev.signet.cli.ca;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.CaConfigFile;
import dev.signet.ca.home.CaDatabase;
import dev.signet.ca.home.CaHome;
import dev.signet.ca.storage.CertificateQuery;
import dev.signet.ca.storage.CertificateRecord;
import dev.signet.ca.storage.Storage;
import dev.signet.cli.CliException;
import dev.signet.pki.GoDuration;
import dev.signet.pki.Pem;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code signet ca certificates list|show}: the certificates the CA has issued, read straight from its database (the
 * SQLite file of the home, or PostgreSQL), so it works while the CA runs and on any machine that reaches the database.
 * Read-only.
 *
 * <p>Serials are printed in lowercase hex, as the other commands print them ({@code ca certificate}, {@code ca renew}).
 * {@code show} reads SERIAL as hex (an optional {@code 0x}, any case, or colon-separated octets as OpenSSL prints
 * them); a SERIAL of decimal digits only is also read as decimal ({@code ca revoke} and {@code certificate inspect}
 * print decimal), and whichever reading names a stored certificate is shown. When both do, the command asks for the
 * {@code 0x} form instead of guessing.
 *
 * <p>A certificate's status is {@code revoked}, else {@code expired} once its notAfter has passed, else
 * {@code valid} ({@link CertificateQuery.State}).
 */
@Command(name = "certificates", mixinStandardHelpOptions = true,
        description = "List and show the certificates the CA issued (read from its database; works while it runs).",
        subcommands = {CertificatesCommand.ListCertificates.class, CertificatesCommand.Show.class})
public final class CertificatesCommand {
    /** How many certificates {@code list} prints unless {@code --limit} says otherwise. */
    static final int DEFAULT_LIMIT = 1000;

    static final List<String> CSV_HEADER = List.of("serial", "provisioner", "subject", "sans", "notBefore", "notAfter",
            "status", "revokedAt", "revocationReason");

    /** RFC 5280 §5.3.1 reason codes by number (7 is unused). */
    private static final String[] REASONS = {"unspecified", "keyCompromise", "cACompromise", "affiliationChanged",
            "superseded", "cessationOfOperation", "certificateHold", null, "removeFromCRL", "privilegeWithdrawn", "aACompromise"};

    /** Checks its options, then opens the CA home's config and database for one command. */
    abstract static class DatabaseCommand implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Mixin HomeOption home;

        /** Parses and checks the options before anything is opened. */
        abstract void checkOptions();

        abstract int run(Storage storage, Instant now) throws Exception;

        @Override
        public Integer call() throws Exception {
            checkOptions();
            CaHome h = home.resolve();
            CaConfig config = CaConfigFile.load(h.config());
            try (Storage storage = CaDatabase.open(h, config.db())) {
                // the database keeps milliseconds; so does the rule that tells valid from expired
                return run(storage, Instant.now().truncatedTo(ChronoUnit.MILLIS));
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List certificates, soonest to expire first: serial, names, provisioner, expiry, status.")
    static final class ListCertificates extends DatabaseCommand {
        @Option(names = "--expiring-within", paramLabel = "DURATION",
                description = "Only certificates that have not expired yet and expire within DURATION (e.g. 24h, 30m).")
        String expiringWithin;

        @Option(names = "--provisioner", paramLabel = "NAME", description = "Only certificates issued through this provisioner.")
        String provisioner;

        @Option(names = "--status", paramLabel = "STATUS", description = "Only valid, revoked or expired certificates.")
        String status;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
                description = "table, json or csv (RFC 4180) (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT,
                description = "Print at most N certificates (default: ${DEFAULT-VALUE}).")
        String limit;

        private Duration within;
        private CertificateQuery.State state;
        private int max;

        @Override
        void checkOptions() {
            if (expiringWithin != null) {
                try {
                    within = GoDuration.parse(expiringWithin);
                } catch (IllegalArgumentException e) {
                    throw new CliException("--expiring-within takes a duration like 24h or 30m, not \"" + expiringWithin + "\".");
                }
            }
            if (status != null) state = parseState(status);
            if (state == CertificateQuery.State.EXPIRED && within != null) {
                throw new CliException("--expiring-within lists certificates that have not expired yet, so it cannot go with --status expired.");
            }
            if (!List.of("table", "json", "csv").contains(format)) {
                throw new CliException("--format takes table, json or csv, not \"" + format + "\".");
            }
            try {
                max = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                max = 0;
            }
            if (max < 1) throw new CliException("--limit takes a whole number of at least 1, not \"" + limit + "\".");
        }

        private static CertificateQuery.State parseState(String text) {
            for (CertificateQuery.State s : CertificateQuery.State.values()) {
                if (s.name().toLowerCase(Locale.ROOT).equals(text.strip().toLowerCase(Locale.ROOT))) return s;
            }
            throw new CliException("--status takes valid, revoked or expired, not \"" + text + "\".");
        }

        @Override
        int run(Storage storage, Instant now) throws Exception {
            // one more than asked, to tell whether the list was cut short
            int ask = max == Integer.MAX_VALUE ? max : max + 1;
            CertificateQuery query = new CertificateQuery(provisioner, state, within == null ? null : now,
                    within == null ? null : now.plus(within), now, ask);
            List<CertificateRecord> found = storage.listCertificates(query);
            boolean more = found.size() > max;
            if (more) found = found.subList(0, max);
            PrintWriter out = spec.commandLine().getOut();
            switch (format) {
                case "json" -> out.println(json(found, now));
                case "csv" -> out.print(csv(found, now));
                default -> out.print(table(found, now));
            }
            out.flush();
            if (more) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("Only the first " + max + " certificates are listed; pass a larger --limit to see the others.");
                err.flush();
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print one certificate's record and its PEM.")
    static final class Show extends DatabaseCommand {
        @Parameters(index = "0", paramLabel = "SERIAL",
                description = "The serial in hex as `list` prints it (0x and colons allowed); digits only are also tried as decimal.")
        String serial;

        private List<BigInteger> readings;

        @Override
        void checkOptions() {
            readings = readings(serial);
        }

        @Override
        int run(Storage storage, Instant now) {
            List<CertificateRecord> found = new ArrayList<>();
            for (BigInteger s : readings) storage.findCertificate(s).ifPresent(found::add);
            if (found.isEmpty()) throw new CliException("There is no certificate with serial " + serial + " in the CA's database.");
            if (found.size() > 1) {
                throw new CliException("SERIAL " + serial + " names two certificates, 0x" + readings.get(0).toString(16)
                        + " read as hex and 0x" + readings.get(1).toString(16) + " read as decimal; write the one you mean with 0x.");
            }
            CertificateRecord r = found.get(0);
            // decoded before anything is printed, so that a damaged record fails with one sentence only
            X509Certificate certificate = Pem.toX509(r.der());
            PrintWriter out = spec.commandLine().getOut();
            out.print(details(r, now));
            out.print(Pem.encodeCertificate(certificate));
            out.flush();
            return 0;
        }
    }

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern OCTETS = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2})+");

    /**
     * The serials SERIAL may mean: its hex reading, and, when it is digits only without {@code 0x}, its decimal reading
     * as well.
     */
    static List<BigInteger> readings(String text) {
        String s = text.strip();
        boolean prefixed = s.startsWith("0x") || s.startsWith("0X");
        String digits = prefixed ? s.substring(2) : s;
        boolean octets = OCTETS.matcher(digits).matches();
        if (octets) digits = digits.replace(":", "");
        if (!HEX.matcher(digits).matches()) {
            throw new CliException("SERIAL takes a serial in hex like 3f9a0c (as `signet ca certificates list` prints it)"
                    + " or in decimal, not \"" + text + "\".");
        }
        BigInteger hex = new BigInteger(digits, 16);
        if (prefixed || octets || !DIGITS.matcher(digits).matches()) return List.of(hex);
        BigInteger decimal = new BigInteger(digits);
        return hex.equals(decimal) ? List.of(hex) : List.of(hex, decimal);
    }

    // ---- output ----

    static String status(CertificateRecord r, Instant now) {
        return CertificateQuery.stateOf(r, now).name().toLowerCase(Locale.ROOT);
    }

    /** The table: columns as wide as their widest cell, two spaces apart, the last one unpadded. */
    static String table(List<CertificateRecord> records, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERIAL", "SUBJECT/SANS", "PROVISIONER", "NOT AFTER", "STATUS"});
        for (CertificateRecord r : records) {
            String names = !r.sans().isEmpty() ? String.join(", ", r.sans()) : r.subject().isEmpty() ? "-" : r.subject();
            rows.add(new String[] {r.serial().toString(16), printable(names), printable(r.provisioner()),
                    seconds(r.notAfter()), status(r, now)});
        }
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) widths[i] = Math.max(widths[i], row[i].length());
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < columns - 1; i++) {
                out.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
            }
            out.append(row[columns - 1]).append('\n');
        }
        return out.toString();
    }

    /** One JSON array of objects; instants in ISO-8601 UTC, the reason as its RFC 5280 code. */
    static String json(List<CertificateRecord> records, Instant now) throws Exception {
        List<Map<String, Object>> list = new ArrayList<>();
        for (CertificateRecord r : records) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("serial", r.serial().toString(16));
            m.put("provisioner", r.provisioner());
            m.put("subject", r.subject());
            m.put("sans", r.sans());
            m.put("notBefore", r.notBefore().toString());
            m.put("notAfter", r.notAfter().toString());
            m.put("status", status(r, now));
            m.put("revokedAt", r.revokedAt() == null ? null : r.revokedAt().toString());
            m.put("revocationReason", r.revocationReason());
            list.add(m);
        }
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list);
    }

    /** RFC 4180: a header row, CRLF after every record, fields quoted when they hold a comma, quote, CR or LF. */
    static String csv(List<CertificateRecord> records, Instant now) {
        StringBuilder out = new StringBuilder();
        csvRecord(out, CSV_HEADER);
        for (CertificateRecord r : records) {
            csvRecord(out, List.of(r.serial().toString(16), r.provisioner(), r.subject(), String.join(" ", r.sans()),
                    r.notBefore().toString(), r.notAfter().toString(), status(r, now),
                    r.revokedAt() == null ? "" : r.revokedAt().toString(),
                    r.revocationReason() == null ? "" : r.revocationReason().toString()));
        }
        return out.toString();
    }

    private static void csvRecord(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) out.append(',');
            String f = fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\r') >= 0 || f.indexOf('\n') >= 0) {
                out.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                out.append(f);
            }
        }
        out.append("\r\n");
    }

    /** The record of {@code show}, one labelled field per line. */
    static String details(CertificateRecord r, Instant now) {
        StringBuilder out = new StringBuilder();
        field(out, "Serial", r.serial().toString(16) + " (decimal " + r.serial() + ")");
        field(out, "Provisioner", printable(r.provisioner()));
        field(out, "Subject", r.subject().isEmpty() ? "-" : printable(r.subject()));
        field(out, "SANs", r.sans().isEmpty() ? "-" : printable(String.join(", ", r.sans())));
        field(out, "Not before", seconds(r.notBefore()));
        field(out, "Not after", seconds(r.notAfter()));
        field(out, "Status", status(r, now));
        if (r.revokedAt() != null) field(out, "Revoked at", seconds(r.revokedAt()));
        if (r.revocationReason() != null) field(out, "Revocation reason", reason(r.revocationReason()));
        return out.toString();
    }

    private static void field(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "%-19s%s", label + ":", value)).append('\n');
    }

    /** {@code 1 (keyCompromise)}; an unknown code is printed alone. */
    static String reason(int code) {
        String name = code >= 0 && code < REASONS.length ? REASONS[code] : null;
        return name == null ? Integer.toString(code) : code + " (" + name + ")";
    }

    /** ISO-8601 UTC to the second ({@code 2026-03-01T12:00:00Z}). */
    static String seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The text with control characters (a hostile subject could carry terminal escapes) written as {@code \\uXXXX}. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) out.append(String.format(Locale.ROOT, "\\u%04x", cp));
            else out.appendCodePoint(cp);
        });
        return out.toString();
    }
}
