package dev.harrier.transport.nio;

import dev.harrier.spi.IoTransport;
import dev.harrier.spi.TransportOptions;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;

/** NIO event loops and channels (TCP, Unix domain sockets, UDP). The JDK offers SO_REUSEPORT; the other native options it lacks. */
final class NioTransport extends IoTransport {

    private static final Channels CHANNELS = new Channels(NioServerSocketChannel::new,
            NioServerDomainSocketChannel::new, UnixDomainSocketAddress::of, NioDatagramChannel::new, null,
            new TcpOptions(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), null, null, null));

    NioTransport(TransportOptions options) {
        super("nio", options, NioIoHandler.newFactory(), CHANNELS);
    }
}
