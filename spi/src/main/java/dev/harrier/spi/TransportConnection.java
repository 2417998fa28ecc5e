package dev.harrier.spi;

import dev.harrier.http.TlsInfo;

import io.netty.channel.Channel;
import java.net.SocketAddress;

/**
 * A connection a transport has accepted, handed to the kernel by {@link ConnectionAcceptor}.
 * Everything after that — limits, timeouts, layers such as TLS, the protocol, drain — is the
 * kernel's.
 *
 * <p>A {@link ConnectionKind#STREAM stream} connection's {@link #channel()} carries bytes
 * ({@link io.netty.buffer.ByteBuf}s); a {@link ConnectionKind#MULTIPLEXED multiplexed} one's
 * channel is the parent of its streams (a QUIC connection channel, say), which the protocol
 * running on it accepts.
 */
public interface TransportConnection {

    ConnectionKind kind();

    /** The connection's channel, registered on one of the transport's event loops. */
    Channel channel();

    /**
     * The local address as the application sees it: the JDK's own type
     * ({@link java.net.InetSocketAddress}, {@link java.net.UnixDomainSocketAddress}) where one exists.
     */
    SocketAddress localAddress();

    /** The peer's address, in the same form as {@link #localAddress()}. */
    SocketAddress remoteAddress();

    /**
     * The transport as a connection reports it: the transport's name, or for a connection that
     * rides on another transport both, such as {@code quic over epoll}.
     */
    String transport();

    /**
     * What the transport's own TLS negotiated on this connection (a multiplexed transport's, such
     * as QUIC's), or {@code null} (the default) for a connection the kernel's layers secure, if
     * at all.
     */
    default TlsInfo tls() {
        return null;
    }
}
