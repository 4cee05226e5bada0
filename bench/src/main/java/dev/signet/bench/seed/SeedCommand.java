package dev.signet.bench.seed;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.config.ProvisionerConfig;
import dev.signet.ca.home.CaDatabase;
import dev.signet.ca.home.CaHome;
import dev.signet.ca.signer.CaHierarchy;
import dev.signet.cli.CliException;
import dev.signet.pki.SerialNumbers;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code signet-bench seed}: fills the SQLite database of a stopped CA home with N certificate rows, M of them revoked
 * and spread evenly, written straight over JDBC ({@link CertificateRows}) as the CA writes them, so that the CA reads
 * them back as its own: the fixture of issue 7's growth benchmark (issuance latency with 10 million stored
 * certificates; a CRL of a million entries). It does not go through the API.
 *
 * <p>Row {@code i} is a certificate for {@code seed-<i>.bench.test} with a fresh time-ordered serial
 * ({@link SerialNumbers#timeOrdered}, as the signer draws them; their seconds spread over the last hour in row order),
 * the home's first provisioner, valid from one hour ago to 24 hours from now (second precision, as in a certificate). Revoked rows have revocation times spread over the last hour and reason codes
 * cycling through 0, 1, 3, 4, 5. Every row stores the DER of one {@link TemplateCertificate} signed once with the
 * home's intermediate key (hence the password), so a row's DER does not carry the row's serial, name or dates.
 *
 * <p>Prints progress every 10% and a last line {@code SEEDED certificates=N revoked=M seconds=S rows_per_second=R
 * db_bytes=B}; seconds run from the first insert to the end of the final WAL checkpoint. Exits 2 (a refusal) when the
 * home holds no CA, names a PostgreSQL database, or its database does not exist yet.
 */
@Command(name = "seed", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Inserts certificate rows straight into the SQLite database of a stopped Signet CA home, written as the CA "
                    + "writes them, for growth benchmarks.",
            "The CA must be stopped while seeding. The database must exist: the CA creates it at its first start "
                    + "(`signet-bench crl --home DIR` also creates it, as the CA does).",
            "Seeding is not a durability test: its own connection runs with PRAGMA synchronous=OFF (and journal_mode=WAL, "
                    + "as the CA's), so a crash while seeding may lose or corrupt the database. The CA's settings are untouched.",
            "Every row stores the DER of ONE leaf certificate signed once with the home's intermediate key (so the key "
                    + "password is needed); that DER's serial, name and dates are not the row's.",
            "Certificates are valid from 1 hour ago to 24 hours from now: build CRLs from them within 24 hours, since "
                    + "expired certificates leave the CRL."})
public final class SeedCommand implements Callable<Integer> {
    /** RFC 5280 reason codes the revoked rows cycle through (0 adds no extension to a CRL entry, the others do). */
    private static final int[] REASONS = {0, 1, 3, 4, 5};
    private static final Duration BEFORE = Duration.ofHours(1);
    private static final Duration AFTER = Duration.ofHours(24);

    @Spec CommandSpec spec;

    @Option(names = "--home", required = true, paramLabel = "DIR", description = "The CA home (holds config/ca.json); its CA must be stopped.")
    Path home;

    @Option(names = "--certificates", required = true, paramLabel = "N", description = "How many certificate rows to insert.")
    long certificates;

    @Option(names = "--revoked", defaultValue = "0", paramLabel = "M", description = "How many of them are revoked, spread evenly (default ${DEFAULT-VALUE}).")
    long revoked;

    @Option(names = "--batch", defaultValue = "10000", description = "Rows per transaction (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the CA key password "
            + "(default, as `signet ca start`: secrets/password, SIGNET_INIT_PASSWORD_FILE, SIGNET_INIT_PASSWORD, a prompt).")
    Path passwordFile;

    @Option(names = "--cache-mib", defaultValue = "1024", description = "SQLite page cache of the seeding connection in MiB (default ${DEFAULT-VALUE}).")
    int cacheMib;

    @Override
    public Integer call() throws Exception {
        if (certificates < 1) throw new ParameterException(spec.commandLine(), "--certificates must be at least 1, not " + certificates + ".");
        if (revoked < 0 || revoked > certificates) {
            throw new ParameterException(spec.commandLine(), "--revoked must lie between 0 and --certificates (" + certificates + "), not " + revoked + ".");
        }
        if (batch < 1) throw new ParameterException(spec.commandLine(), "--batch must be at least 1, not " + batch + ".");
        if (cacheMib < 1) throw new ParameterException(spec.commandLine(), "--cache-mib must be at least 1, not " + cacheMib + ".");
        return CommandErrors.run(spec, this::seed);
    }

    private int seed() throws Exception {
        CaHome caHome = new CaHome(home);
        CaConfig config = HomeCa.config(caHome);
        if (config.db().usesPostgresql()) {
            throw new CliException("signet-bench seed writes SQLite databases only, and " + caHome.config()
                    + " names a PostgreSQL database (db.type postgresql).", HomeCa.REFUSED);
        }
        Path db = caHome.resolve(config.db().dataSource());
        if (!Files.isRegularFile(db)) {
            throw new CliException("The database " + db + " does not exist; the CA creates it at its first start, so start and "
                    + "stop the CA once (or run `signet-bench crl --home " + caHome.dir() + "`) before seeding.", HomeCa.REFUSED);
        }
        CaHierarchy ca = HomeCa.keys(caHome, config, passwordFile);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate template = TemplateCertificate.sign(ca, now.minus(BEFORE), now.plus(AFTER), config.crl().distributionPoints());
        try {
            Connection connection = CaDatabase.connect(caHome, config.db());
            if (!CertificateRows.hasCertificatesTable(connection)) {
                connection.close();
                throw new CliException("The database " + db + " has no certificates table; start and stop the CA once so that "
                        + "it creates its schema, then seed.", HomeCa.REFUSED);
            }
            try (CertificateRows rows = CertificateRows.open(connection, batch, cacheMib, provisioner(config), template)) {
                double seconds = insert(rows, template.getNotBefore().getTime(), now.toEpochMilli());
                long bytes = Files.size(db) + sizeIfExists(Path.of(db + "-wal"));
                spec.commandLine().getOut().printf(Locale.ROOT, "SEEDED certificates=%d revoked=%d seconds=%.1f rows_per_second=%.0f db_bytes=%d%n",
                        certificates, revoked, seconds, certificates / seconds, bytes);
            }
        } catch (SQLException e) {
            throw new CliException("The database " + db + " could not be seeded: " + e.getMessage() + ".");
        }
        return 0;
    }

    /** Inserts the rows, printing progress every 10%; returns the seconds taken, the final commit and checkpoint included. */
    private double insert(CertificateRows rows, long notBefore, long now) throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        long span = now - notBefore;
        long start = System.nanoTime();
        long nextTenth = 1;
        long revokedSoFar = 0;
        for (long i = 0; i < certificates; i++) {
            String name = "seed-" + i + ".bench.test";
            long at = notBefore + i * span / certificates; // row i's moment in the span the rows stand for
            BigInteger serial = SerialNumbers.timeOrdered(Instant.ofEpochMilli(at)); // as the CA draws them
            if ((i + 1) * revoked / certificates > i * revoked / certificates) { // exactly M of N, evenly spaced
                rows.addRevoked(serial, name, at,
                        REASONS[(int) (revokedSoFar++ % REASONS.length)]);
            } else {
                rows.addValid(serial, name);
            }
            long tenth = (i + 1) * 10 / certificates;
            if (tenth >= nextTenth) {
                double s = (System.nanoTime() - start) / 1e9;
                out.printf(Locale.ROOT, "seeded %d of %d (%d%%, %d revoked) in %.1f s, %.0f rows/s%n", i + 1, certificates,
                        tenth * 10, revokedSoFar, s, (i + 1) / s);
                out.flush();
                nextTenth = tenth + 1;
            }
        }
        rows.finish();
        return (System.nanoTime() - start) / 1e9;
    }

    /** The first provisioner of the config, as every seeded certificate's; "seed" when there is none. */
    private static String provisioner(CaConfig config) {
        List<ProvisionerConfig> all = config.authority() == null ? null : config.authority().provisioners();
        return all == null || all.isEmpty() ? "seed" : all.get(0).name();
    }

    private static long sizeIfExists(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }
}
