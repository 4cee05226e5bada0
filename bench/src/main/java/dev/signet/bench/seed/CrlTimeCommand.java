package dev.signet.bench.seed;

import dev.signet.ca.config.CaConfig;
import dev.signet.ca.home.CaDatabase;
import dev.signet.ca.home.CaHome;
import dev.signet.ca.signer.CaHierarchy;
import dev.signet.ca.signer.CrlPublisher;
import dev.signet.ca.signer.CrlSigner;
import dev.signet.ca.signer.SignedCrl;
import dev.signet.ca.storage.Storage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet-bench crl}: builds one CRL from a CA home's database exactly as {@code signet ca start} builds its first
 * one, and times it: the keys loaded by {@code CaKeyFiles.load} (through {@link HomeCa}), the database opened (and
 * migrated) by {@link CaDatabase#open}, then {@link CrlPublisher#start()} over a {@link CrlSigner} with the config's
 * {@code crl.cacheDuration}, as {@code CaServer} wires them (no scheduler, metrics into a throw-away registry).
 *
 * <p>The storage handed to them is a {@link TimedStorage}, so the build splits into counting the revocations, drawing
 * the CRL number, streaming the revoked entries from the database into the encoder ({@code
 * Storage.readRevokedCertificates}: reading, mapping, building, signing and encoding as DER; the CA makes the PEM on
 * first request), and the rest. After the build the same rows are read once more on their own, to tell the read from
 * the encoding. Prints those parts, a {@code CRL_PARTS ...} line, and a last line
 * {@code CRL entries=E seconds=S bytes=B} (S: the whole build; B: the DER's size).
 *
 * <p>Like the CA, it draws a CRL number from the database (so the CA's next CRL gets a higher one), and creates and
 * migrates the database when it does not exist yet. Run it with the CA stopped, so the figure does not share the
 * machine or the database with the CA's work.
 */
@Command(name = "crl", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Builds one CRL from a CA home's database as `signet ca start` builds its first one, and times it "
                    + "(and reads the revoked entries once more on their own).",
            "Run it with the CA stopped. It draws a CRL number from the database, as the CA does, and creates and migrates "
                    + "the database when it does not exist yet."})
public final class CrlTimeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--home", required = true, paramLabel = "DIR", description = "The CA home (holds config/ca.json).")
    Path home;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the CA key password "
            + "(default, as `signet ca start`: secrets/password, SIGNET_INIT_PASSWORD_FILE, SIGNET_INIT_PASSWORD, a prompt).")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run(spec, this::time);
    }

    private int time() {
        CaHome caHome = new CaHome(home);
        CaConfig config = HomeCa.config(caHome);
        CaHierarchy ca = HomeCa.keys(caHome, config, passwordFile);
        PrintWriter out = spec.commandLine().getOut();
        long opening = System.nanoTime();
        try (Storage opened = CaDatabase.open(caHome, config.db())) {
            double openSeconds = (System.nanoTime() - opening) / 1e9;
            out.printf(Locale.ROOT, "database %s opened and migrated in %.2f s%n", CaDatabase.describe(caHome, config.db()), openSeconds);
            TimedStorage timed = new TimedStorage(opened);
            Storage storage = timed.storage();
            Clock clock = Clock.systemUTC();
            CrlSigner signer = new CrlSigner(ca, storage, clock, config.crl().cacheDuration());
            try (CrlPublisher publisher = new CrlPublisher(signer, storage, clock, CrlPublisher.DEFAULT_CHECK_INTERVAL, null,
                    new SimpleMeterRegistry())) {
                long start = System.nanoTime();
                publisher.start();
                double seconds = (System.nanoTime() - start) / 1e9;
                double count = timed.seconds("revocationCount");
                double streamed = timed.seconds("readRevokedCertificates");
                double number = timed.seconds("nextCrlNumber");
                double rest = seconds - timed.totalSeconds();
                SignedCrl crl = publisher.current(); // after the clock: its first call also compares the revocation count
                long readStart = System.nanoTime();
                long rows = opened.readRevokedCertificates(crl.thisUpdate(), all -> {
                    long n = 0;
                    for (var ignored : all) n++;
                    return n;
                });
                double read = (System.nanoTime() - readStart) / 1e9;
                out.printf(Locale.ROOT, "CRL %d built as at CA start in %.2f s: counting revocations %.2f s, drawing the CRL "
                                + "number %.3f s, streaming the revoked entries into the encoder (read, map, build, sign, "
                                + "DER) %.2f s, the rest %.2f s; the %d rows read again on their own: %.2f s%n",
                        crl.number(), seconds, count, number, streamed, rest, rows, read);
                out.printf(Locale.ROOT, "CRL_PARTS open_seconds=%.2f count_seconds=%.2f number_seconds=%.3f stream_seconds=%.2f "
                        + "rest_seconds=%.2f read_again_seconds=%.2f%n", openSeconds, count, number, streamed, rest, read);
                out.printf(Locale.ROOT, "CRL entries=%d seconds=%.2f bytes=%d%n", crl.entries(), seconds, crl.derLength());
            }
        }
        return 0;
    }
}
