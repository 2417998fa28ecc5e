package dev.harrier.transport.epoll;

import dev.harrier.spi.BindTarget;
import dev.harrier.spi.IoTransport;
import dev.harrier.spi.TransportOptions;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.UnixChannelOption;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/** epoll event loops and channels. */
final class EpollTransport extends IoTransport {

    private static final TcpOptions OPTIONS = new TcpOptions(UnixChannelOption.SO_REUSEPORT,
            EpollChannelOption.TCP_FASTOPEN, EpollChannelOption.TCP_DEFER_ACCEPT, EpollChannelOption.TCP_QUICKACK);

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
    protected TcpOptions tcpOptions() {
        return OPTIONS;
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
