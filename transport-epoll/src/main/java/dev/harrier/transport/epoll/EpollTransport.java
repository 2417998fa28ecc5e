package dev.harrier.transport.epoll;

import dev.harrier.spi.IoTransport;
import dev.harrier.spi.TransportOptions;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.UnixChannelOption;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/** epoll event loops and channels (TCP, Unix domain sockets, UDP), with every native TCP option. */
final class EpollTransport extends IoTransport {

    @SuppressWarnings("deprecation") // TCP_FASTOPEN: Netty 4.2 keeps it as the server-side option
    private static final Channels CHANNELS = new Channels(EpollServerSocketChannel::new,
            EpollServerDomainSocketChannel::new, path -> new DomainSocketAddress(path.toFile()),
            EpollDatagramChannel::new, EpollServerSocketChannel::new,
            new TcpOptions(UnixChannelOption.SO_REUSEPORT, EpollChannelOption.TCP_FASTOPEN,
                    EpollChannelOption.TCP_DEFER_ACCEPT, EpollChannelOption.TCP_QUICKACK));

    EpollTransport(TransportOptions options) {
        super("epoll", options, EpollIoHandler.newFactory(), CHANNELS);
    }

    @Override
    protected SocketAddress applicationAddress(SocketAddress channelAddress) {
        return channelAddress instanceof DomainSocketAddress unix
                ? UnixDomainSocketAddress.of(unix.path()) : channelAddress;
    }
}
