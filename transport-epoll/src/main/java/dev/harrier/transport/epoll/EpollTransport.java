package dev.harrier.transport.epoll;

import dev.harrier.spi.BindTarget;
import dev.harrier.spi.IoTransport;
import dev.harrier.spi.SocketOptions;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.unix.UnixChannelOption;
import dev.harrier.spi.TransportOptions;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/** epoll event loops and channels. */
final class EpollTransport extends IoTransport {

    EpollTransport(TransportOptions options) {
        super("epoll", options, EpollIoHandler.newFactory());
    }

    @Override
    public boolean supports(BindTarget target) {
        return true;
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(BindTarget target) {
        return switch (target) {
            case BindTarget.Tcp tcp -> EpollServerSocketChannel::new;
            case BindTarget.Unix unix -> EpollServerDomainSocketChannel::new;
        };
    }

    @Override
    public void configure(ServerBootstrap bootstrap, BindTarget target, SocketOptions options) {
        boolean tcp = target instanceof BindTarget.Tcp;
        if (options.reusePort()) {
            if (tcp) {
                bootstrap.option(UnixChannelOption.SO_REUSEPORT, true);
            } else {
                unsupported("reusePort", target);
            }
        }
        if (options.tcpFastOpen() > 0) {
            if (tcp) {
                bootstrap.option(EpollChannelOption.TCP_FASTOPEN, options.tcpFastOpen());
            } else {
                unsupported("tcpFastOpen", target);
            }
        }
        if (options.tcpDeferAccept() > 0) {
            if (tcp) {
                bootstrap.option(EpollChannelOption.TCP_DEFER_ACCEPT, options.tcpDeferAccept());
            } else {
                unsupported("tcpDeferAccept", target);
            }
        }
        if (options.tcpQuickAck()) {
            if (tcp) {
                bootstrap.childOption(EpollChannelOption.TCP_QUICKACK, true);
            } else {
                unsupported("tcpQuickAck", target);
            }
        }
    }

    @Override
    public SocketAddress socketAddress(BindTarget target) {
        return switch (target) {
            case BindTarget.Tcp tcp -> tcp.address();
            case BindTarget.Unix unix -> new DomainSocketAddress(unix.path().toFile());
        };
    }

    @Override
    public SocketAddress applicationAddress(SocketAddress channelAddress) {
        return channelAddress instanceof DomainSocketAddress unix
                ? UnixDomainSocketAddress.of(unix.path()) : channelAddress;
    }
}
