package dev.harrier.spi;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import java.net.SocketAddress;

/**
 * A running transport: its event loops and the channels it opens. The kernel builds the
 * server bootstrap with these pieces, so every transport gets the same connection handling.
 */
public interface Transport {

    /** The provider's name. */
    String name();

    /** The event loops that accept and serve connections. */
    EventLoopGroup eventLoopGroup();

    /** Whether this transport can listen on such a target. */
    boolean supports(BindTarget target);

    /** A factory of listening channels for the target. */
    ChannelFactory<? extends ServerChannel> serverChannelFactory(BindTarget target);

    /** The address to bind for the target, in the form this transport's channels take. */
    SocketAddress socketAddress(BindTarget target);

    /**
     * A channel's address as the application sees it: the JDK's own type
     * ({@link java.net.InetSocketAddress}, {@link java.net.UnixDomainSocketAddress}) where one exists.
     */
    default SocketAddress applicationAddress(SocketAddress channelAddress) {
        return channelAddress;
    }

    /**
     * Applies the options the kernel does not ({@link SocketOptions#reusePort()},
     * {@code tcpFastOpen}, {@code tcpDeferAccept}, {@code tcpQuickAck}) where this transport
     * supports them for the target; an unsupported one is skipped with a debug note.
     */
    void configure(ServerBootstrap bootstrap, BindTarget target, SocketOptions options);

    /** Shuts the event loops down; returns when they have stopped. */
    void close();
}
