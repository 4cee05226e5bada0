package dev.signet.ca.ra;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Gives each test a fresh {@link RaFixture} on its own database, closed afterwards. */
abstract class RaTestBase {
    @TempDir
    Path dir;

    RaFixture ra;

    @BeforeEach
    final void startRa() throws IOException {
        ra = new RaFixture(dir);
    }

    @AfterEach
    final void stopRa() {
        ra.close();
    }
}
