package dev.harrier.transport.iouring;

import dev.harrier.spi.BindTarget;
import dev.harrier.spi.IoTransport;
import dev.harrier.spi.TransportOptions;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerDomainSocketChannel;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/** io_uring event loops and channels. */
final class IoUringTransport extends IoTransport {

    private static final TcpOptions OPTIONS = new TcpOptions(UnixChannelOption.SO_REUSEPORT,
            IoUringChannelOption.TCP_FASTOPEN, IoUringChannelOption.TCP_DEFER_ACCEPT, IoUringChannelOption.TCP_QUICKACK);

    IoUringTransport(TransportOptions options) {
        super("io_uring", options, IoUringIoHandler.newFactory());
    }

    @Override
    public boolean supports(BindTarget target) {
        return true;
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(BindTarget target) {
        return switch (target) {
            case BindTarget.Tcp tcp -> IoUringServerSocketChannel::new;
            case BindTarget.Unix unix -> IoUringServerDomainSocketChannel::new;
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
