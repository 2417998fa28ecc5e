package dev.harrier.spi;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * Where a transport is asked to listen. The kernel makes {@link Tcp} and {@link Unix} targets
 * from endpoint URLs; a custom transport may define a kind of its own and accept it in
 * {@link Transport#supports(BindTarget)}.
 */
public interface BindTarget {

    /** A TCP socket; port 0 lets the operating system choose. */
    record Tcp(InetSocketAddress address) implements BindTarget {
    }

    /** A Unix domain socket at a file system path. */
    record Unix(Path path) implements BindTarget {
    }

    /**
     * A TCP socket already bound and listening in this process, by its file descriptor: handed
     * over by systemd socket activation ({@code LISTEN_FDS}, from descriptor 3) or a supervisor.
     * The transport takes it as it is: its address, port and backlog were set by whoever opened it.
     */
    record Descriptor(int fd) implements BindTarget {
    }
}
