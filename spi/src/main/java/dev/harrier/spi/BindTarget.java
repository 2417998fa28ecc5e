package dev.harrier.spi;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** One listening socket the kernel asks a transport to open. */
public sealed interface BindTarget {

    /** A TCP socket; port 0 lets the operating system choose. */
    record Tcp(InetSocketAddress address) implements BindTarget {
    }

    /** A Unix domain socket at a file system path. */
    record Unix(Path path) implements BindTarget {
    }
}
