package dev.harrier.transport.nio;

import dev.harrier.spi.BindTarget;
import dev.harrier.spi.IoTransport;
import dev.harrier.spi.SocketOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.socket.nio.NioChannelOption;
import java.net.StandardSocketOptions;
import dev.harrier.spi.TransportOptions;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/** NIO event loops and channels. */
final class NioTransport extends IoTransport {

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
    public void configure(ServerBootstrap bootstrap, BindTarget target, SocketOptions options) {
        if (options.reusePort()) {
            if (target instanceof BindTarget.Tcp) {
                bootstrap.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
            } else {
                unsupported("reusePort", target);
            }
        }
        if (options.tcpFastOpen() > 0) {
            unsupported("tcpFastOpen", target);
        }
        if (options.tcpDeferAccept() > 0) {
            unsupported("tcpDeferAccept", target);
        }
        if (options.tcpQuickAck()) {
            unsupported("tcpQuickAck", target);
        }
    }

    @Override
    public SocketAddress socketAddress(BindTarget target) {
        return switch (target) {
            case BindTarget.Tcp tcp -> tcp.address();
            case BindTarget.Unix unix -> UnixDomainSocketAddress.of(unix.path());
        };
    }
}
