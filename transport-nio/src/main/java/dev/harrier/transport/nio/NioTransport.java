package dev.harrier.transport.nio;

import dev.harrier.spi.BindTarget;
import dev.harrier.spi.Transport;
import dev.harrier.spi.TransportOptions;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/** NIO event loops and channels. */
final class NioTransport implements Transport {

    private final EventLoopGroup group;

    NioTransport(TransportOptions options) {
        group = new MultiThreadIoEventLoopGroup(options.eventLoopThreads(),
                new DefaultThreadFactory(options.threadNamePrefix(), true), NioIoHandler.newFactory());
    }

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public EventLoopGroup eventLoopGroup() {
        return group;
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
    public SocketAddress socketAddress(BindTarget target) {
        return switch (target) {
            case BindTarget.Tcp tcp -> tcp.address();
            case BindTarget.Unix unix -> UnixDomainSocketAddress.of(unix.path());
        };
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
