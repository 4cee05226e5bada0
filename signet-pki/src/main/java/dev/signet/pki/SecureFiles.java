package dev.signet.pki;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes files so that a reader never sees half a file and a secret is never readable by others, not even for a
 * moment: the bytes go to a temporary file created with its final permissions in the same directory, are forced to
 * disk, then renamed over the target atomically.
 *
 * <p>Thread-safe; concurrent writers of one path each produce a whole file, the last rename wins.
 */
public final class SecureFiles {
    /** {@code rw-------}, for private keys. */
    public static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    /** {@code r--------}, for CA secrets at rest. */
    public static final Set<PosixFilePermission> OWNER_READ_ONLY = PosixFilePermissions.fromString("r--------");
    /** {@code rw-r--r--}, for certificates and public material. */
    public static final Set<PosixFilePermission> PUBLIC_READ = PosixFilePermissions.fromString("rw-r--r--");
    /** {@code rwxr-xr-x}, for directories of public material. */
    public static final Set<PosixFilePermission> PUBLIC_READ_DIR = PosixFilePermissions.fromString("rwxr-xr-x");
    /** {@code rwx------}, for directories holding secrets. */
    public static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private SecureFiles() {}

    /** Writes {@code content} to {@code target} atomically with the given permissions. */
    public static void writeAtomically(Path target, byte[] content, Set<PosixFilePermission> permissions) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attributes(dir, permissions));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            setPermissions(tmp, permissions);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new PkiException("Could not write " + target + ": " + describe(e) + ".", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file is hidden and named after its target
                }
            }
        }
    }

    /** Creates {@code dir} (and parents) and sets its permissions; an existing directory is only re-permissioned. */
    public static void createDirectory(Path dir, Set<PosixFilePermission> permissions) {
        try {
            Files.createDirectories(dir);
            setPermissions(dir, permissions);
        } catch (IOException e) {
            throw new PkiException("Could not create directory " + dir + ": " + describe(e) + ".", e);
        }
    }

    /** Sets POSIX permissions where the file system has them; elsewhere does nothing. */
    public static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(path, EnumSet.copyOf(permissions));
        }
    }

    /** Deletes a file or a directory with everything in it; nothing happens when it does not exist. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** Reads a whole file, failing with a sentence that names it. */
    public static byte[] read(Path path, String what) {
        try {
            return Files.readAllBytes(path);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new PkiException("The " + what + " file " + path + " does not exist.", e);
        } catch (IOException e) {
            throw new PkiException("Could not read the " + what + " file " + path + ": " + describe(e) + ".", e);
        }
    }

    /** The exception's own text without a trailing period, for embedding in a sentence. */
    public static String describe(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or directory";
        if (e instanceof FileAlreadyExistsException) return "it already exists";
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
    }

    private static FileAttribute<?>[] attributes(Path dir, Set<PosixFilePermission> permissions) throws IOException {
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> createPerms = EnumSet.copyOf(permissions);
            createPerms.add(PosixFilePermission.OWNER_WRITE);
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(createPerms)};
        }
        return new FileAttribute<?>[0];
    }
}
