package dev.harrier.tls.certificates;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes certificate and key files whole: a reader (such as a server watching its certificate
 * files) sees the old content or the new, never a half-written file. Private files and
 * directories are given to their owner alone where the file system has POSIX permissions.
 */
final class CertificateFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private CertificateFiles() {
    }

    /** Replaces {@code file} with {@code content}; readable by its owner only when {@code privateFile}. */
    static void write(Path file, byte[] content, boolean privateFile) throws IOException {
        Path target = file.toAbsolutePath();
        Path temporary = POSIX
                ? Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp",
                        permissions(privateFile ? "rw-------" : "rw-r--r--"))
                : Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(temporary, content);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Creates a directory (and its parents) that only its owner may list or enter. */
    static void createPrivateDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        if (POSIX) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static FileAttribute<?> permissions(String text) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(text));
    }
}
