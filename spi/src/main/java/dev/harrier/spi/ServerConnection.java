package dev.harrier.spi;

import dev.harrier.http.Attack;
import dev.harrier.http.Headers;
import dev.harrier.http.ServerLimits;

/** What the kernel offers a protocol for one connection. */
public interface ServerConnection {

    /** The server's limits, validated and fixed for the server's lifetime. */
    ServerLimits limits();

    /** {@code https} on a TLS connection, else {@code http}. */
    String scheme();

    /**
     * Whether the responses a protocol makes itself, to requests refused before they reach the
     * kernel, carry a {@code Server} header. For the others the kernel decides
     * ({@link ResponseFraming#server()}).
     */
    boolean addServerHeader();

    /**
     * Hands a request to the kernel. Called on the event loop as soon as the request head is
     * known; body data follow through the returned listener.
     */
    ExchangeListener dispatch(Exchange exchange);

    /**
     * Whether a request that asks for {@code Upgrade: token} may switch this connection to the
     * protocol of that token. Only on a cleartext connection of an endpoint that serves both
     * HTTP/1.1 and the protocol, and only when the protocol accepts the request's fields (see
     * {@link ProtocolProvider#acceptsUpgrade}).
     */
    boolean canUpgrade(String token, Headers requestHeaders);

    /**
     * Switches this connection to the protocol of {@code token}, which takes over with the
     * request as its first exchange. The calling protocol has sent
     * {@code 101 Switching Protocols} and removed its handlers; bytes it received after the
     * request are passed on by the caller once this returns.
     */
    void upgrade(String token, UpgradeRequest request);

    /**
     * Reports a failure that is not the peer's doing (not an I/O error or bad input): a bug.
     * The kernel logs it with the connection and counts it; the protocol closes the connection.
     */
    void unexpected(Throwable cause);

    /**
     * Reports that the protocol is ending this connection to stop an attack. The kernel counts
     * it and logs it with the client's address, at most one line per kind of attack every 10 s,
     * so that many attackers cannot flood the log. Called once per connection.
     */
    void attackStopped(Attack attack);

    /**
     * Reports that the client broke the protocol and the protocol ended a stream or the
     * connection with the error code the protocol prescribes ({@code reason} says which and why,
     * such as "H3_FRAME_UNEXPECTED: DATA before HEADERS"). The kernel counts it and logs it with
     * the client's address, at most one line every 10 s.
     */
    void protocolError(String reason);
}
