package dev.harrier.spi;

import java.net.SocketAddress;

/** A bound listening socket of a transport, as {@link Transport#listen} returns it. */
public interface Listener {

    /**
     * The address bound, as the application sees it, with the port the operating system chose
     * for port 0 ({@link java.net.InetSocketAddress}, {@link java.net.UnixDomainSocketAddress}, or a
     * custom transport's own form).
     */
    SocketAddress localAddress();

    /**
     * Stops accepting and releases the socket. Returns once every connection accepted before has
     * been handed to the {@link ConnectionAcceptor}; those connections stay open. Idempotent.
     */
    void close();
}
