package dev.harrier.http;

import java.net.SocketAddress;

/**
 * The connection a request arrived on. Addresses are JDK types: an
 * {@link java.net.InetSocketAddress} for TCP, a {@link java.net.UnixDomainSocketAddress} for
 * Unix domain sockets, or a transport's own type for a custom transport.
 */
public interface ConnectionInfo {

    /** A server-unique identifier of the connection. */
    String id();

    SocketAddress localAddress();

    /** The client's address, or the original client's when a trusted proxy said so. */
    SocketAddress remoteAddress();

    /** Corrects the client's address for this request (used by forwarded-headers handling). */
    void remoteAddress(SocketAddress address);

    /** The transport serving the connection, for example {@code nio} or {@code epoll}. */
    String transport();

    /** The negotiated protocol: {@code HTTP/1.1}, {@code HTTP/2}, ... */
    String protocol();

    /** TLS details, or {@code null} on a cleartext connection. */
    TlsInfo tls();
}
