package dev.harrier.spi;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A base for socket transports on Netty's {@link MultiThreadIoEventLoopGroup}: the subclass
 * names its I/O handler and its {@link Channels}; this class owns the event loops (daemon threads
 * named after the transport), binds listeners with the socket options, hands accepted
 * connections on and shuts down.
 */
public abstract class IoTransport implements Transport {

    private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;
    private static final System.Logger LOG = System.getLogger(IoTransport.class.getName());

    private final String name;
    private final EventLoopGroup group;
    private final Channels channels;
    private final DatagramSockets datagrams;

    /**
     * The channels of a transport and its native options.
     *
     * @param tcp         makes TCP listeners
     * @param unix        makes Unix domain socket listeners, or {@code null} when the transport has none
     * @param unixAddress the address to bind for a socket path, or {@code null} with {@code unix}
     * @param udp         makes UDP sockets, or {@code null} when the transport has none
     * @param descriptor  takes over a listening TCP socket by its file descriptor, or {@code null}
     *                    when the transport cannot
     * @param tcpOptions  the native TCP options
     */
    public record Channels(ChannelFactory<? extends ServerChannel> tcp, ChannelFactory<? extends ServerChannel> unix,
            Function<Path, SocketAddress> unixAddress, ChannelFactory<? extends Channel> udp,
            IntFunction<? extends ServerChannel> descriptor, TcpOptions tcpOptions) {
    }

    /**
     * The socket options a transport offers beyond the portable ones; {@code null} where it has none.
     *
     * @param reusePort   SO_REUSEPORT (listeners and UDP sockets)
     * @param fastOpen    TCP_FASTOPEN queue length (listener)
     * @param deferAccept TCP_DEFER_ACCEPT seconds (listener)
     * @param quickAck    TCP_QUICKACK (accepted connections)
     */
    public record TcpOptions(ChannelOption<Boolean> reusePort, ChannelOption<Integer> fastOpen,
            ChannelOption<Integer> deferAccept, ChannelOption<Boolean> quickAck) {

        /** A transport without any of them. */
        public static final TcpOptions NONE = new TcpOptions(null, null, null, null);
    }

    protected IoTransport(String name, TransportOptions options, IoHandlerFactory ioHandlerFactory, Channels channels) {
        this.name = name;
        this.channels = channels;
        this.group = new MultiThreadIoEventLoopGroup(options.eventLoopThreads(),
                new DefaultThreadFactory(options.threadNamePrefix(), true), ioHandlerFactory);
        this.datagrams = channels.udp() == null ? null : new DatagramSockets() {
            @Override
            public Channel bind(InetSocketAddress address, SocketOptions options, ChannelHandler handler)
                    throws IOException {
                return bindDatagram(address, options, handler);
            }

            @Override
            public int socketsPerPort() {
                return channels.tcpOptions().reusePort() == null ? 1 : options.eventLoopThreads();
            }
        };
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public boolean supports(BindTarget target) {
        return switch (target) {
            case BindTarget.Tcp tcp -> true;
            case BindTarget.Unix unix -> channels.unix() != null;
            case BindTarget.Descriptor descriptor -> channels.descriptor() != null;
            default -> false;
        };
    }

    @Override
    public final Listener listen(BindTarget target, SocketOptions options, ConnectionAcceptor acceptor)
            throws IOException {
        if (!supports(target)) {
            throw new IOException("transport " + name + " cannot listen on " + target);
        }
        boolean tcp = !(target instanceof BindTarget.Unix);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channelFactory(switch (target) {
                    case BindTarget.Unix unix -> channels.unix();
                    case BindTarget.Descriptor descriptor -> () -> channels.descriptor().apply(descriptor.fd());
                    default -> channels.tcp();
                })
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel listener) {
                        setOption(listener, ChannelOption.SO_BACKLOG, options.backlog());
                    }
                })
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (tcp) {
                            setOption(channel, ChannelOption.TCP_NODELAY, options.tcpNoDelay());
                            setOption(channel, ChannelOption.SO_KEEPALIVE, options.keepAlive());
                        }
                        acceptor.accept(new SocketConnection(channel));
                    }
                });
        if (target instanceof BindTarget.Descriptor) {
            // Already bound and listening: registered as it is, and it accepts at once.
            applyNativeOptions(bootstrap, options.withReusePort(false).withTcpFastOpen(0).withTcpDeferAccept(0), target);
            return new SocketListener(await(bootstrap.register()));
        }
        if (tcp) {
            applyNativeOptions(bootstrap, options, target);
        }
        Channel channel = await(bootstrap.bind(socketAddress(target)));
        return new SocketListener(channel);
    }

    @Override
    public final DatagramSockets datagrams() {
        return datagrams;
    }

    private Channel bindDatagram(InetSocketAddress address, SocketOptions options, ChannelHandler handler)
            throws IOException {
        Bootstrap bootstrap = new Bootstrap().group(group).channelFactory(channels.udp()).handler(handler);
        if (options.reusePort()) {
            if (channels.tcpOptions().reusePort() == null) {
                LOG.log(System.Logger.Level.DEBUG, "Transport {0} does not support reusePort for UDP {1}; ignored",
                        name, address);
            } else {
                bootstrap.option(channels.tcpOptions().reusePort(), Boolean.TRUE);
            }
        }
        return await(bootstrap.bind(address));
    }

    private static Channel await(ChannelFuture bound) throws IOException {
        bound.awaitUninterruptibly();
        if (bound.isSuccess()) {
            return bound.channel();
        }
        Throwable cause = bound.cause();
        throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause.getMessage()), cause);
    }

    /** The address to bind for a target, in the form this transport's channels take. */
    protected SocketAddress socketAddress(BindTarget target) {
        return switch (target) {
            case BindTarget.Tcp tcp -> tcp.address();
            case BindTarget.Unix unix -> channels.unixAddress().apply(unix.path());
            default -> throw new IllegalArgumentException("transport " + name + " cannot listen on " + target);
        };
    }

    /**
     * A channel's address as the application sees it: the JDK's own type where one exists. The
     * default returns it as it is.
     */
    protected SocketAddress applicationAddress(SocketAddress channelAddress) {
        return channelAddress;
    }

    private void applyNativeOptions(ServerBootstrap bootstrap, SocketOptions options, BindTarget target) {
        TcpOptions available = channels.tcpOptions();
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
            String optionName, BindTarget target) {
        if (option == null) {
            LOG.log(System.Logger.Level.DEBUG, "Transport {0} does not support {1} for {2}; ignored",
                    name, optionName, target);
        } else if (child) {
            bootstrap.childOption(option, value);
        } else {
            bootstrap.option(option, value);
        }
    }

    /**
     * Sets an option on a channel of any transport: one that does not know it (a non-socket
     * channel) ignores it, with a debug note rather than Netty's warning.
     */
    private static <T> void setOption(Channel channel, ChannelOption<T> option, T value) {
        if (!channel.config().setOption(option, value)) {
            LOG.log(System.Logger.Level.DEBUG, "{0} has no option {1}; ignored", channel, option);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** A listening channel of this transport. */
    private final class SocketListener implements Listener {

        private final Channel channel;

        SocketListener(Channel channel) {
            this.channel = channel;
        }

        @Override
        public SocketAddress localAddress() {
            return applicationAddress(channel.localAddress());
        }

        /**
         * Each accept queued its connection's set-up on that connection's event loop before the
         * close completed, so once every loop has run a task queued after it, they have all been
         * handed over.
         */
        @Override
        public void close() {
            channel.close().awaitUninterruptibly();
            for (EventExecutor loop : group) {
                loop.submit(() -> { }).awaitUninterruptibly();
            }
        }
    }

    /** An accepted byte-stream connection of this transport. */
    private final class SocketConnection implements TransportConnection {

        private final Channel channel;

        SocketConnection(Channel channel) {
            this.channel = channel;
        }

        @Override
        public ConnectionKind kind() {
            return ConnectionKind.STREAM;
        }

        @Override
        public Channel channel() {
            return channel;
        }

        @Override
        public SocketAddress localAddress() {
            return applicationAddress(channel.localAddress());
        }

        @Override
        public SocketAddress remoteAddress() {
            return applicationAddress(channel.remoteAddress());
        }

        @Override
        public String transport() {
            return name;
        }
    }
}
