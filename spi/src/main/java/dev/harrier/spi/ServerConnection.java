package dev.harrier.spi;

import dev.harrier.http.ServerLimits;

/** What the kernel offers a protocol for one connection. */
public interface ServerConnection {

    /** The server's limits, validated and fixed for the server's lifetime. */
    ServerLimits limits();

    /** {@code https} on a TLS connection, else {@code http}. */
    String scheme();

    /** Whether responses carry a {@code Server} header. */
    boolean addServerHeader();

    /**
     * Hands a request to the kernel. Called on the event loop as soon as the request head is
     * known; body data follow through the returned listener.
     */
    ExchangeListener dispatch(Exchange exchange);

    /**
     * Reports a failure that is not the peer's doing (not an I/O error or bad input): a bug.
     * The kernel logs it with the connection and counts it; the protocol closes the connection.
     */
    void unexpected(Throwable cause);
}
