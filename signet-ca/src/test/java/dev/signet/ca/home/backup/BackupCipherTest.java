package dev.signet.ca.home.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupCipherTest {
    private static final char[] PASSWORD = "correct horse battery".toCharArray();
    /** Three full chunks and a part: the last chunk is not empty. */
    private static final int SIZE = 3 * BackupCipher.CHUNK + 1234;
    private byte[] plain;
    private byte[] sealed;

    @BeforeAll
    void seal() throws Exception {
        plain = new byte[SIZE];
        new Random(7).nextBytes(plain);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream enc = BackupCipher.encrypt(out, PASSWORD, new SecureRandom())) {
            enc.write(plain, 0, 1000);
            enc.write(plain, 1000, SIZE - 1000);
        }
        sealed = out.toByteArray();
    }

    private byte[] open(byte[] archive, char[] password) throws Exception {
        try (InputStream in = BackupCipher.decrypt(new ByteArrayInputStream(archive), password)) {
            return in.readAllBytes();
        }
    }

    @Test
    void roundTripsAcrossChunks() throws Exception {
        assertThat(open(sealed, PASSWORD)).isEqualTo(plain);
        assertThat(sealed.length).as("header, check, 4 framed chunks").isEqualTo(35 + 32 + SIZE + 4 * (4 + 16));
    }

    @Test
    void theSamePlaintextSealsDifferentlyEachTime() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream enc = BackupCipher.encrypt(out, PASSWORD, new SecureRandom())) {
            enc.write(plain);
        }
        assertThat(out.toByteArray()).isNotEqualTo(sealed);
    }

    Stream<Arguments> damage() {
        int firstChunk = 35 + 32;
        int secondChunk = firstChunk + 4 + BackupCipher.CHUNK + 16;
        return Stream.of(
                argumentSet("fail/wrong-password", (UnaryOperator<byte[]>) b -> b, "wrong".toCharArray(),
                        "The password does not open this backup.", true),
                argumentSet("fail/flipped-bit-in-a-chunk", flip(secondChunk + 100), PASSWORD,
                        "Chunk 1 of the backup fails authentication; the file was changed or damaged.", false),
                argumentSet("fail/flipped-salt", flip(15), PASSWORD, "The password does not open this backup.", true),
                argumentSet("fail/truncated-at-a-chunk-boundary", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, secondChunk), PASSWORD,
                        "The backup ends before its last chunk; the file is truncated.", false),
                argumentSet("fail/truncated-inside-a-chunk", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, secondChunk + 10), PASSWORD,
                        "The backup ends inside chunk 1; the file is truncated.", false),
                argumentSet("fail/data-appended", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, b.length + 1), PASSWORD,
                        "The backup has data after its last chunk; the file was changed.", false),
                argumentSet("fail/last-flag-moved", flip(secondChunk), PASSWORD,
                        "Chunk 1 of the backup fails authentication; the file was changed or damaged.", false),
                argumentSet("fail/not-a-backup", (UnaryOperator<byte[]>) b -> "PK\u0003\u0004 a zip file, not a backup at all........".getBytes(),
                        PASSWORD, "The file is not a Signet backup.", false),
                argumentSet("fail/empty", (UnaryOperator<byte[]>) b -> new byte[0], PASSWORD,
                        "The file is not a Signet backup: it is too short.", false));
    }

    private static UnaryOperator<byte[]> flip(int at) {
        return b -> {
            byte[] c = b.clone();
            c[at] ^= (byte) 0x80;
            return c;
        };
    }

    @ParameterizedTest
    @MethodSource("damage")
    void damageIsRefusedWithItsReason(UnaryOperator<byte[]> change, char[] password, String message, boolean wrongPassword) {
        assertThatThrownBy(() -> open(change.apply(sealed), password))
                .isInstanceOfSatisfying(BackupCipher.BadArchiveException.class, e -> assertThat(e.wrongPassword()).isEqualTo(wrongPassword))
                .hasMessage(message);
    }
}
