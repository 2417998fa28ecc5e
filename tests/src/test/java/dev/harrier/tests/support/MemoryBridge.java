package dev.harrier.tests.support;

import dev.harrier.examples.memory.MemoryConnector;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Lets TCP clients (curl, the JDK client, raw sockets) reach a server on the in-memory
 * {@code memory} transport: a listener on 127.0.0.1 relays every accepted connection, byte for
 * byte, to a new in-memory connection to the server's endpoint.
 *
 * <p>Back-pressure toward the server: the TCP side does not read by itself; it starts once its
 * in-memory peer is connected, and each next read waits until the previous bytes were written to
 * the server. The other way, the in-memory side reads as bytes arrive: an in-memory channel
 * discards what it has not read when its peer closes, and the server's writes complete when they
 * are queued, whether or not anyone reads, so holding them back would only lose the end of a
 * response. What the TCP client has not taken yet waits in the bridge.
 *
 * <p>Closing either side closes the other after what was already relayed is flushed. In-memory
 * channels cannot half-close, so a client's half-close ends the whole relayed connection (the
 * suite runs half-close tests only where the transport can, see {@link Capability#HALF_CLOSE}).
 * The listener binds the endpoint's own address when it is a loopback one (tests reach
 * {@code 127.0.0.5} endpoints there), else 127.0.0.1.
 */
public final class MemoryBridge implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final MemoryConnector connector = new MemoryConnector();
    private final Channel listener;

    private MemoryBridge(InetSocketAddress target) {
        try {
            listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel tcp) {
                            tcp.pipeline().addLast(new Accepted(target));
                        }
                    })
                    .bind(new InetSocketAddress(listenAddress(target), 0)).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("The TCP bridge to memory:" + target + " did not start", e);
        }
    }

    private static InetAddress listenAddress(InetSocketAddress target) {
        InetAddress host = target.getAddress();
        return host != null && host.isLoopbackAddress() ? host : InetAddress.getLoopbackAddress();
    }

    /** Starts a bridge to the in-memory endpoint published as {@code target} (host and port of its URL). */
    public static MemoryBridge to(InetSocketAddress target) {
        return new MemoryBridge(target);
    }

    /** The TCP port clients connect to. */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        connector.close();
    }

    /** The TCP side of one relayed connection: opens its in-memory peer, then starts relaying. */
    private final class Accepted extends Relay {

        private final InetSocketAddress target;

        Accepted(InetSocketAddress target) {
            super(false);
            this.target = target;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel tcp = ctx.channel();
            Relay back = new Relay(true);
            back.peer = tcp;
            try {
                peer = connector.connect(target, back);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tcp.close();
                return;
            } catch (RuntimeException e) {
                tcp.close(); // nothing listens there any more
                return;
            }
            if (!peer.isActive()) {
                tcp.close();
                return;
            }
            tcp.read();
        }
    }

    /** Relays what one channel reads to its peer: eagerly, or reading again once the write is done. */
    private static class Relay extends ChannelInboundHandlerAdapter {

        /** How long a closing TCP side drops input at most before it closes anyway. */
        private static final long LINGER_SECONDS = 2;

        private final boolean eager;
        volatile Channel peer;

        Relay(boolean eager) {
            this.eager = eager;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(eager);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel to = peer;
            if (to == null || !to.isActive()) {
                ReferenceCountUtil.release(msg);
                if (!(ctx.channel() instanceof DuplexChannel tcp && tcp.isOutputShutdown())) {
                    ctx.close();
                }
                return;
            }
            to.writeAndFlush(msg).addListener((ChannelFutureListener) written -> {
                if (!written.isSuccess()) {
                    ctx.close();
                } else if (!eager) {
                    ctx.channel().read();
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeAfterFlush(peer);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a reset connection: its peer is closed by channelInactive
        }

        /**
         * Closes after flushing what was relayed. A TCP side closes as servers do ("lingering
         * close"): it ends its output, then reads and drops what the client still sends until the
         * client closes, because closing a socket with unread input sends a reset that can
         * overtake the response the client has not read yet.
         */
        private static void closeAfterFlush(Channel channel) {
            if (channel == null || !channel.isActive()) {
                return;
            }
            if (!(channel instanceof DuplexChannel tcp)) {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            tcp.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(flushed -> tcp.shutdownOutput().addListener(ended -> {
                tcp.config().setAutoRead(true);
                tcp.eventLoop().schedule(() -> tcp.close(), LINGER_SECONDS, TimeUnit.SECONDS);
            }));
        }
    }
}
