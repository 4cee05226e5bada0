package dev.signet.ca.home.backup;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The encryption of a backup archive: a password-derived key and a stream of authenticated chunks, in the manner of
 * age's STREAM construction, so archives of any size are written and read without holding them in memory, and any
 * change, truncation or reordering is detected.
 *
 * <pre>
 * header  = "SIGNETBK" | version (1) | scrypt log2 N (1) | r (1) | p (1) | salt (16) | nonce prefix (7)
 * check   = HMAC-SHA256(macKey, header)                  -- tells a wrong password from a damaged archive
 * chunk*  = length (4, big-endian; top bit set on the last chunk) | AES-256-GCM(encKey, nonce, chunk) with
 *           nonce = prefix (7) | chunk counter (4) | last flag (1) and the header as additional data
 * encKey | macKey = scrypt(password, salt, N, r, p, 64 bytes)
 * </pre>
 *
 * A chunk holds at most {@value #CHUNK} bytes of plaintext; the last chunk may be empty. Not thread-safe: one stream,
 * one thread.
 */
public final class BackupCipher {
    static final byte[] MAGIC = "SIGNETBK".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int CHUNK = 64 * 1024;
    private static final int TAG_BITS = 128;
    private static final int HEADER = MAGIC.length + 4 + 16 + 7;

    /** scrypt cost: N = 2^17, r = 8, p = 1 (128 MiB, about half a second), the work factor age uses for passwords. */
    private static final int LOG_N = 17;
    private static final int R = 8;
    private static final int P = 1;

    private BackupCipher() {}

    /** Why an archive cannot be opened: a wrong password, or damage (tampering, truncation, not a backup at all). */
    public static final class BadArchiveException extends IOException {
        private final boolean wrongPassword;

        BadArchiveException(String message, boolean wrongPassword) {
            super(message);
            this.wrongPassword = wrongPassword;
        }

        public boolean wrongPassword() {
            return wrongPassword;
        }
    }

    /** Starts an encrypted stream on {@code out}; closing the returned stream writes the last chunk and closes {@code out}. */
    public static OutputStream encrypt(OutputStream out, char[] password, SecureRandom random) throws IOException {
        byte[] header = ByteBuffer.allocate(HEADER).put(MAGIC).put((byte) VERSION).put((byte) LOG_N).put((byte) R).put((byte) P)
                .put(randomBytes(random, 16)).put(randomBytes(random, 7)).array();
        Keys keys = Keys.derive(password, header);
        out.write(header);
        out.write(keys.check(header));
        return new Encrypting(out, keys, header);
    }

    /**
     * Opens an encrypted stream. Reading returns plaintext chunk by chunk, each authenticated before it is returned;
     * the stream ends only after the authenticated last chunk.
     *
     * @throws BadArchiveException when the header is not a backup's or the password is wrong
     */
    public static InputStream decrypt(InputStream in, char[] password) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[HEADER];
        try {
            data.readFully(header);
        } catch (EOFException e) {
            throw new BadArchiveException("The file is not a Signet backup: it is too short.", false);
        }
        if (!Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new BadArchiveException("The file is not a Signet backup.", false);
        }
        if (header[MAGIC.length] != VERSION) {
            throw new BadArchiveException("The backup has format version " + header[MAGIC.length] + "; this Signet reads version " + VERSION + ".", false);
        }
        int logN = header[MAGIC.length + 1];
        if (logN < 10 || logN > 22 || header[MAGIC.length + 2] < 1 || header[MAGIC.length + 3] < 1 || header[MAGIC.length + 3] > 4) {
            throw new BadArchiveException("The backup's key derivation parameters are out of range; the file is damaged.", false);
        }
        byte[] check = new byte[32];
        try {
            data.readFully(check);
        } catch (EOFException e) {
            throw new BadArchiveException("The backup ends inside its header; the file is damaged.", false);
        }
        Keys keys = Keys.derive(password, header);
        if (!MessageDigest.isEqual(check, keys.check(header))) {
            throw new BadArchiveException("The password does not open this backup.", true);
        }
        return new Decrypting(data, keys, header);
    }

    private static byte[] randomBytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private record Keys(SecretKeySpec enc, SecretKeySpec mac) {
        static Keys derive(char[] password, byte[] header) {
            int logN = header[MAGIC.length + 1];
            int r = header[MAGIC.length + 2];
            int p = header[MAGIC.length + 3];
            byte[] salt = Arrays.copyOfRange(header, MAGIC.length + 4, MAGIC.length + 20);
            byte[] pw = new String(password).getBytes(StandardCharsets.UTF_8);
            byte[] k = SCrypt.generate(pw, salt, 1 << logN, r, p, 64);
            Arrays.fill(pw, (byte) 0);
            Keys keys = new Keys(new SecretKeySpec(k, 0, 32, "AES"), new SecretKeySpec(k, 32, 32, "HmacSHA256"));
            Arrays.fill(k, (byte) 0);
            return keys;
        }

        byte[] check(byte[] header) {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(mac);
                return m.doFinal(header);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 is not available.", e);
            }
        }

        Cipher cipher(int mode, byte[] header, int counter, boolean last) {
            byte[] nonce = ByteBuffer.allocate(12).put(header, HEADER - 7, 7).putInt(counter).put((byte) (last ? 1 : 0)).array();
            try {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(mode, enc, new GCMParameterSpec(TAG_BITS, nonce));
                c.updateAAD(header);
                return c;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM is not available.", e);
            }
        }
    }

    private static final class Encrypting extends OutputStream {
        private final OutputStream out;
        private final Keys keys;
        private final byte[] header;
        private final byte[] buffer = new byte[CHUNK];
        private int filled;
        private int counter;
        private boolean closed;

        Encrypting(OutputStream out, Keys keys, byte[] header) {
            this.out = out;
            this.keys = keys;
            this.header = header;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) throw new IOException("The backup stream is closed.");
            while (len > 0) {
                if (filled == CHUNK) emit(false);
                int n = Math.min(len, CHUNK - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void emit(boolean last) throws IOException {
            try {
                byte[] sealed = keys.cipher(Cipher.ENCRYPT_MODE, header, counter++, last).doFinal(buffer, 0, filled);
                out.write(ByteBuffer.allocate(4).putInt(sealed.length | (last ? 0x8000_0000 : 0)).array());
                out.write(sealed);
                filled = 0;
            } catch (GeneralSecurityException e) {
                throw new IOException("A backup chunk could not be encrypted: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            try {
                emit(true);
            } finally {
                out.close();
            }
        }
    }

    private static final class Decrypting extends InputStream {
        private final DataInputStream in;
        private final Keys keys;
        private final byte[] header;
        private byte[] plain = new byte[0];
        private int position;
        private int counter;
        private boolean ended;

        Decrypting(DataInputStream in, Keys keys, byte[] header) {
            this.in = in;
            this.keys = keys;
            this.header = header;
        }

        /** Reads the next chunk; false at the end (after the last chunk). */
        private boolean nextChunk() throws IOException {
            if (ended) return false;
            int framed;
            try {
                framed = in.readInt();
            } catch (EOFException e) {
                throw new BadArchiveException("The backup ends before its last chunk; the file is truncated.", false);
            }
            boolean last = (framed & 0x8000_0000) != 0;
            int length = framed & 0x7fff_ffff;
            if (length < TAG_BITS / 8 || length > CHUNK + TAG_BITS / 8) {
                throw new BadArchiveException("Chunk " + counter + " of the backup has an impossible length; the file is damaged.", false);
            }
            byte[] sealed = new byte[length];
            try {
                in.readFully(sealed);
            } catch (EOFException e) {
                throw new BadArchiveException("The backup ends inside chunk " + counter + "; the file is truncated.", false);
            }
            try {
                plain = keys.cipher(Cipher.DECRYPT_MODE, header, counter, last).doFinal(sealed);
            } catch (AEADBadTagException e) {
                throw new BadArchiveException("Chunk " + counter + " of the backup fails authentication; the file was changed or damaged.", false);
            } catch (GeneralSecurityException e) {
                throw new IOException("A backup chunk could not be decrypted: " + e.getMessage(), e);
            }
            counter++;
            position = 0;
            if (last) {
                ended = true;
                if (in.read() != -1) throw new BadArchiveException("The backup has data after its last chunk; the file was changed.", false);
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (position == plain.length) {
                if (!nextChunk()) return -1;
            }
            int n = Math.min(len, plain.length - position);
            System.arraycopy(plain, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
