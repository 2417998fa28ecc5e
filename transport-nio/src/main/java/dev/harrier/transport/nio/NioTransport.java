package dev.harrier.transport.nio;

import dev.harrier.spi.BindTarget;
import dev.harrier.spi.IoTransport;
import dev.harrier.spi.TransportOptions;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;

/** NIO event loops and channels. */
final class NioTransport extends IoTransport {

    /** The JDK offers SO_REUSEPORT (on Linux and the BSDs); the other native options it lacks. */
    private static final TcpOptions OPTIONS =
            new TcpOptions(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), null, null, null);

    NioTransport(TransportOptions options) {
        super("nio", options, NioIoHandler.newFactory());
    }

    @Override
    public boolean supports(BindTarget target) {
        return true;
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(BindTarget target) {
        return switch (target) {
            case BindTarget.Tcp tcp -> NioServerSocketChannel::new;
            case BindTarget.Unix unix -> NioServerDomainSocketChannel::new;
        };
    }

    @Override
    protected TcpOptions tcpOptions() {
        return OPTIONS;
    }

    @Override
    public SocketAddress socketAddress(BindTarget target) {
        return switch (target) {
            case BindTarget.Tcp tcp -> tcp.address();
            case BindTarget.Unix unix -> UnixDomainSocketAddress.of(unix.path());
        };
    }
}
