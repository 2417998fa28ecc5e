package dev.harrier.benchmarks;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.http3.Http3ServerConnectionHandler;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.File;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The raw Netty baseline for the HTTP/3 benchmark: Netty's QUIC codec and HTTP/3 connection
 * handler on one UDP socket, answering every request with {@code Hello, World!} (HEADERS, then
 * DATA, then FIN) once the request has ended, headers from constants, a {@code Date} formatted
 * once per second. Its QUIC limits are Harrier's defaults (windows, streams, idle timeout);
 * address validation is Netty's example token handler.
 *
 * <pre>
 * NettyH3Server --cert=cert.pem --key=key.pem [--host=127.0.0.1] [--port=8443] [--threads=N]
 *               [--transport=nio|epoll|io_uring]
 * </pre>
 */
public final class NettyH3Server {


    private NettyH3Server() {
    }

    public static void main(String[] args) throws Exception {
        BaselineServer server = BaselineServer.parse("NettyH3Server", args, List.of("cert", "key"));
        if (server.option("cert") == null || server.option("key") == null) {
            System.err.println("NettyH3Server: --cert and --key (PEM) are required: HTTP/3 runs over TLS only");
            System.exit(2);
        }
        QuicSslContext tls = QuicSslContextBuilder.forServer(new File(server.option("key")), null,
                new File(server.option("cert"))).applicationProtocols(Http3.supportedApplicationProtocols()).build();
        ChannelHandler codec = Http3.newQuicServerCodecBuilder()
                .sslContext(tls)
                .maxIdleTimeout(130, TimeUnit.SECONDS)
                .initialMaxData(1024 * 1024)
                .initialMaxStreamDataBidirectionalRemote(768 * 1024)
                .initialMaxStreamDataBidirectionalLocal(768 * 1024)
                .initialMaxStreamDataUnidirectional(768 * 1024)
                .initialMaxStreamsBidirectional(100)
                .initialMaxStreamsUnidirectional(10)
                .activeMigration(false)
                .tokenHandler(InsecureQuicTokenHandler.INSTANCE)
                .handler(new ChannelInitializer<QuicChannel>() {
                    @Override
                    protected void initChannel(QuicChannel connection) {
                        connection.pipeline().addLast(new Http3ServerConnectionHandler(
                                new ChannelInitializer<QuicStreamChannel>() {
                                    @Override
                                    protected void initChannel(QuicStreamChannel stream) {
                                        stream.pipeline().addLast(new HelloHandler());
                                    }
                                }));
                    }
                })
                .build();
        server.serveDatagrams("Netty HTTP/3 server", codec);
    }

    private static final class HelloHandler extends Http3RequestStreamInboundHandler {

        @Override
        protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
            ReferenceCountUtil.release(frame);
        }

        @Override
        protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
            ReferenceCountUtil.release(frame);
        }

        @Override
        protected void channelInputClosed(ChannelHandlerContext ctx) {
            DefaultHttp3HeadersFrame head = new DefaultHttp3HeadersFrame();
            HelloFields.write(head.headers());
            ctx.write(head, ctx.voidPromise());
            ctx.writeAndFlush(new DefaultHttp3DataFrame(HelloFields.BODY.duplicate())).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
