package dev.harrier.spi;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The UDP sockets of a socket transport, on which a multiplexed transport such as QUIC rides:
 * QUIC over epoll is QUIC's codec on an epoll datagram channel.
 */
public interface DatagramSockets {

    /**
     * Binds a UDP socket on one of the transport's event loops with {@code handler} as its
     * pipeline. Of the options, {@link SocketOptions#reusePort()} applies (several sockets on one
     * port, one per event loop), where the transport supports it.
     *
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    Channel bind(InetSocketAddress address, SocketOptions options, ChannelHandler handler) throws IOException;

    /**
     * How many UDP sockets may serve one port with {@link SocketOptions#reusePort()}, one per event
     * loop: the transport's event loops where it supports SO_REUSEPORT; 1 by default.
     */
    default int socketsPerPort() {
        return 1;
    }
}
