package dev.harrier.transport.iouring;

import dev.harrier.spi.IoTransport;
import dev.harrier.spi.TransportOptions;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.UnixChannelOption;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/** io_uring event loops and channels (TCP, Unix domain sockets, UDP), with every native TCP option. */
final class IoUringTransport extends IoTransport {

    @SuppressWarnings("deprecation") // TCP_FASTOPEN: Netty 4.2 keeps it as the server-side option
    private static final Channels CHANNELS = new Channels(IoUringServerSocketChannel::new,
            IoUringServerDomainSocketChannel::new, path -> new DomainSocketAddress(path.toFile()),
            IoUringDatagramChannel::new, null,
            new TcpOptions(UnixChannelOption.SO_REUSEPORT, IoUringChannelOption.TCP_FASTOPEN,
                    IoUringChannelOption.TCP_DEFER_ACCEPT, IoUringChannelOption.TCP_QUICKACK));

    IoUringTransport(TransportOptions options) {
        super("io_uring", options, IoUringIoHandler.newFactory(), CHANNELS);
    }

    @Override
    protected SocketAddress applicationAddress(SocketAddress channelAddress) {
        return channelAddress instanceof DomainSocketAddress unix
                ? UnixDomainSocketAddress.of(unix.path()) : channelAddress;
    }
}
