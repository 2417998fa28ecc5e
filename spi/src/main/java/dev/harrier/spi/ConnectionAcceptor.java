package dev.harrier.spi;

/** The kernel's side of a {@link Listener}: what happens to every connection it accepts. */
@FunctionalInterface
public interface ConnectionAcceptor {

    /**
     * Takes a newly accepted connection. Called on the connection's event loop before anything
     * is read from it; the kernel may close it at once (a connection limit, say).
     */
    void accept(TransportConnection connection);
}
