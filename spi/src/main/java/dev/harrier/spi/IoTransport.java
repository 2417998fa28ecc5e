package dev.harrier.spi;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A base for transports on Netty's {@link MultiThreadIoEventLoopGroup}: the subclass names its
 * I/O handler and its {@link Listeners}; this class owns the event loops (daemon threads named
 * after the transport), opens the listening channels, applies the socket options and shuts
 * down.
 */
public abstract class IoTransport implements Transport {

    private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;
    private static final System.Logger LOG = System.getLogger(IoTransport.class.getName());

    private final String name;
    private final EventLoopGroup group;
    private final Listeners listeners;

    /**
     * The listening channels of a transport and their native options.
     *
     * @param tcp         opens TCP listeners
     * @param unix        opens Unix domain socket listeners, or {@code null} when the transport has none
     * @param unixAddress the address to bind for a socket path, or {@code null} with {@code unix}
     * @param tcpOptions  the native TCP options
     */
    public record Listeners(ChannelFactory<? extends ServerChannel> tcp, ChannelFactory<? extends ServerChannel> unix,
            Function<Path, SocketAddress> unixAddress, TcpOptions tcpOptions) {
    }

    protected IoTransport(String name, TransportOptions options, IoHandlerFactory ioHandlerFactory, Listeners listeners) {
        this.name = name;
        this.listeners = listeners;
        this.group = new MultiThreadIoEventLoopGroup(options.eventLoopThreads(),
                new DefaultThreadFactory(options.threadNamePrefix(), true), ioHandlerFactory);
    }

    @Override
    public boolean supports(BindTarget target) {
        return target instanceof BindTarget.Tcp || listeners.unix() != null;
    }

    @Override
    public ChannelFactory<? extends ServerChannel> serverChannelFactory(BindTarget target) {
        return switch (target) {
            case BindTarget.Tcp tcp -> listeners.tcp();
            case BindTarget.Unix unix -> listeners.unix();
        };
    }

    @Override
    public SocketAddress socketAddress(BindTarget target) {
        return switch (target) {
            case BindTarget.Tcp tcp -> tcp.address();
            case BindTarget.Unix unix -> listeners.unixAddress().apply(unix.path());
        };
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final EventLoopGroup eventLoopGroup() {
        return group;
    }

    /**
     * The socket options a transport offers for TCP listeners beyond the portable ones;
     * {@code null} where it has none.
     *
     * @param reusePort   SO_REUSEPORT (server channel)
     * @param fastOpen    TCP_FASTOPEN queue length (server channel)
     * @param deferAccept TCP_DEFER_ACCEPT seconds (server channel)
     * @param quickAck    TCP_QUICKACK (accepted channels)
     */
    public record TcpOptions(ChannelOption<Boolean> reusePort, ChannelOption<Integer> fastOpen,
            ChannelOption<Integer> deferAccept, ChannelOption<Boolean> quickAck) {

        /** A transport without any of them. */
        public static final TcpOptions NONE = new TcpOptions(null, null, null, null);
    }


    /**
     * Applies the requested native options this transport has for the target (TCP only);
     * each one it lacks is skipped with a debug note.
     */
    @Override
    public final void configure(ServerBootstrap bootstrap, BindTarget target, SocketOptions options) {
        TcpOptions available = target instanceof BindTarget.Tcp ? listeners.tcpOptions() : TcpOptions.NONE;
        if (options.reusePort()) {
            apply(bootstrap, false, available.reusePort(), Boolean.TRUE, "reusePort", target);
        }
        if (options.tcpFastOpen() > 0) {
            apply(bootstrap, false, available.fastOpen(), options.tcpFastOpen(), "tcpFastOpen", target);
        }
        if (options.tcpDeferAccept() > 0) {
            apply(bootstrap, false, available.deferAccept(), options.tcpDeferAccept(), "tcpDeferAccept", target);
        }
        if (options.tcpQuickAck()) {
            apply(bootstrap, true, available.quickAck(), Boolean.TRUE, "tcpQuickAck", target);
        }
    }

    private <T> void apply(ServerBootstrap bootstrap, boolean child, ChannelOption<T> option, T value,
            String name, BindTarget target) {
        if (option == null) {
            LOG.log(System.Logger.Level.DEBUG, "Transport {0} does not support {1} for {2}; ignored",
                    this.name, name, target);
        } else if (child) {
            bootstrap.childOption(option, value);
        } else {
            bootstrap.option(option, value);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
