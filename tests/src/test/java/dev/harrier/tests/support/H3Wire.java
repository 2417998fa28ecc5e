package dev.harrier.tests.support;

import dev.harrier.tls.certificates.IssuedCertificate;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicException;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/3 connection of Netty's QUIC client that can also write what well-behaved clients
 * cannot: hand-built HTTP/3 frames on raw QUIC streams, beside the control stream Netty's
 * connection handler opens. Learns how the server ended each stream and the connection.
 */
public final class H3Wire implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final CompletableFuture<QuicConnectionCloseEvent> closed = new CompletableFuture<>();
    private final Channel datagram;
    private final QuicChannel connection;

    /** What came back on a raw stream, and how it ended. */
    public record Reply(byte[] bytes, boolean reset) {
    }

    private H3Wire(int port, String serverName, IssuedCertificate clientCertificate) throws Exception {
        QuicSslContextBuilder tls = QuicSslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocols(Http3.supportedApplicationProtocols());
        if (clientCertificate != null) {
            tls.keyManager(clientCertificate.privateKey(), null,
                    clientCertificate.chain().toArray(java.security.cert.X509Certificate[]::new));
        }
        QuicSslContext context = tls.build();
        datagram = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(Http3.newQuicClientCodecBuilder()
                        .sslEngineProvider(quic -> serverName == null ? context.newEngine(quic.alloc())
                                : context.newEngine(quic.alloc(), serverName, port))
                        .maxIdleTimeout(20, TimeUnit.SECONDS)
                        .initialMaxData(1 << 20)
                        .initialMaxStreamDataBidirectionalLocal(1 << 20)
                        .initialMaxStreamDataUnidirectional(1 << 20)
                        .initialMaxStreamsUnidirectional(16)
                        .build())
                .bind(0).sync().channel();
        connection = QuicChannel.newBootstrap(datagram)
                .handler(new Http3ClientConnectionHandler())
                .streamHandler(new ChannelInboundHandlerAdapter())
                .remoteAddress(new InetSocketAddress("127.0.0.1", port))
                .connect().get(10, TimeUnit.SECONDS);
        connection.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                if (event instanceof QuicConnectionCloseEvent close) {
                    closed.complete(close);
                }
                ctx.fireUserEventTriggered(event);
            }
        });
        connection.closeFuture().addListener(done -> closed.complete(null));
    }

    public static H3Wire connect(int port) throws Exception {
        return new H3Wire(port, null, null);
    }

    /**
     * Connects asking for {@code serverName} by SNI (a name with a dot; {@code null} for none),
     * presenting {@code clientCertificate} if not {@code null}.
     */
    public static H3Wire connect(int port, String serverName, IssuedCertificate clientCertificate) throws Exception {
        return new H3Wire(port, serverName, clientCertificate);
    }

    public QuicChannel connection() {
        return connection;
    }

    /**
     * How the server closed the connection: its close event (error code, application or
     * transport), or {@code null} when it closed without one.
     */
    public CompletableFuture<QuicConnectionCloseEvent> closed() {
        return closed;
    }

    /** Opens a stream of {@code type}, writes {@code bytes} (then FIN when asked) and gathers the answer. */
    public CompletableFuture<Reply> raw(QuicStreamType type, byte[] bytes, boolean fin) throws Exception {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        QuicStreamChannel stream = connection.createStream(type, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf data = (ByteBuf) msg;
                received.writeBytes(ByteBufUtil.getBytes(data));
                data.release();
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                if (event == ChannelInputShutdownEvent.INSTANCE) {
                    reply.complete(new Reply(received.toByteArray(), false));
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                reply.complete(new Reply(received.toByteArray(), true));
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                reply.complete(new Reply(received.toByteArray(), true));
            }
        }).get(10, TimeUnit.SECONDS);
        ChannelFuture written = stream.writeAndFlush(Unpooled.wrappedBuffer(bytes));
        if (fin) {
            written.addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        }
        return reply;
    }

    /** Everything the server sent on a request stream, in order, and how the stream ended. */
    public static final class Exchange extends Http3RequestStreamInboundHandler {

        private final List<Object> frames = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Boolean> ended = new CompletableFuture<>();

        /** HEADERS (as {@link Http3Headers}) and DATA (as {@code byte[]}) frames, in the order received. */
        public List<Object> frames() {
            return frames;
        }

        /** Completes with {@code true} when the server ended the stream with FIN, {@code false} on a reset. */
        public CompletableFuture<Boolean> ended() {
            return ended;
        }

        /** The DATA received, concatenated. */
        public byte[] body() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            frames.stream().filter(byte[].class::isInstance).forEach(data -> out.writeBytes((byte[]) data));
            return out.toByteArray();
        }

        /** The HEADERS frames received. */
        public List<Http3Headers> headers() {
            return frames.stream().filter(Http3Headers.class::isInstance).map(Http3Headers.class::cast).toList();
        }

        @Override
        protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
            frames.add(frame.headers());
        }

        @Override
        protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
            frames.add(ByteBufUtil.getBytes(frame.content()));
            frame.release();
        }

        @Override
        protected void channelInputClosed(ChannelHandlerContext ctx) {
            ended.complete(true);
        }

        @Override
        protected void handleQuicException(ChannelHandlerContext ctx, QuicException exception) {
            ended.complete(false);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ended.complete(false);
            ctx.fireChannelInactive();
        }
    }

    /** Opens a request stream with Netty's HTTP/3 codec; the exchange gathers what the server sends on it. */
    public QuicStreamChannel request(Exchange exchange) throws Exception {
        return Http3.newRequestStream(connection, exchange).get(10, TimeUnit.SECONDS);
    }

    /** A request head for this connection's server: {@code :method}, {@code :path}, https, {@code :authority}. */
    public Http3Headers head(String method, String path) {
        InetSocketAddress server = (InetSocketAddress) connection.remoteSocketAddress();
        return new DefaultHttp3Headers().method(method).path(path).scheme("https")
                .authority("127.0.0.1:" + server.getPort());
    }

    /** An HTTP/3 frame: type, length and payload, each number a QUIC variable-length integer. */
    public static byte[] frame(int type, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, type);
        varint(out, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        if (value < 64) {
            out.write((int) value);
        } else if (value < 16384) {
            out.write((int) (0x40 | value >> 8));
            out.write((int) value);
        } else {
            out.write((int) (0x80 | value >> 24));
            out.write((int) (value >> 16));
            out.write((int) (value >> 8));
            out.write((int) value);
        }
    }

    @Override
    public void close() {
        connection.close().awaitUninterruptibly();
        datagram.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
