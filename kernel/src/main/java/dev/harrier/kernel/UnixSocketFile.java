package dev.harrier.kernel;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file of a Unix domain socket endpoint: a stale one left by a process that died is
 * removed before binding, a live one (another process answers on it) or a file that is not a
 * socket fails start-up; permissions are set after binding.
 */
final class UnixSocketFile {

    private static final Logger LOG = LoggerFactory.getLogger(UnixSocketFile.class);
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int SOCKET_TYPE = 0140000;

    private UnixSocketFile() {
    }

    /** Makes the path free to bind, or fails with a message naming the endpoint and the fix. */
    static void prepare(Path path, String endpoint) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (path.getParent() != null && !Files.isDirectory(path.getParent())) {
                throw new ConfigurationException("Cannot listen on unix:" + path + " for endpoint " + endpoint
                        + ": the directory " + path.getParent() + " does not exist. Create it or choose another path.");
            }
            return;
        }
        if (!isSocket(path)) {
            throw new ConfigurationException("Cannot listen on unix:" + path + " for endpoint " + endpoint
                    + ": the path exists and is not a socket. Remove it or choose another path.");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException nobodyListens) {
            removeStale(path, endpoint);
            return;
        }
        throw new ConfigurationException("Cannot listen on unix:" + path + " for endpoint " + endpoint
                + ": another process is listening on it. Stop that process or choose another path.");
    }

    /** Applies permissions such as {@code rw-rw----} to the bound socket file. */
    static void applyPermissions(Path path, String permissions, String endpoint) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConfigurationException("Cannot set permissions " + permissions + " on unix:" + path
                    + " for endpoint " + endpoint + ": " + e + ".", e);
        }
    }

    /** Removes the socket file after the endpoint stopped listening. */
    static void remove(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("Could not remove the socket file {}: {}", path, e.toString());
        }
    }

    private static void removeStale(Path path, String endpoint) {
        try {
            Files.delete(path);
            LOG.info("Removed the stale socket file {} of endpoint {}", path, endpoint);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot remove the stale socket file " + path + " for endpoint "
                    + endpoint + ": " + e + ". Remove it by hand.", e);
        }
    }

    private static boolean isSocket(Path path) {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & FILE_TYPE_MASK) == SOCKET_TYPE;
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
