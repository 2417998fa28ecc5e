package dev.harrier.benchmarks;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.ReferenceCountUtil;
import java.io.File;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The raw Netty baseline for the HTTP/2 benchmark: Netty's {@code Http2FrameCodec} with one
 * frame handler on the connection (no per-stream child channels), answering every request
 * with {@code Hello, World!} (HEADERS then DATA with END_STREAM), headers from constants, a
 * {@code Date} formatted once per second, one flush per read batch. Cleartext connections
 * speak h2c with prior knowledge; with {@code --cert} and {@code --key} (PEM) it speaks h2
 * over TLS (ALPN), with OpenSSL when it loads.
 *
 * <pre>
 * NettyH2Server [--host=127.0.0.1] [--port=8080] [--threads=N] [--transport=nio|epoll|io_uring]
 *               [--cert=cert.pem --key=key.pem]
 * </pre>
 */
public final class NettyH2Server {

    private NettyH2Server() {
    }

    public static void main(String[] args) throws InterruptedException, SSLException {
        BaselineServer server = BaselineServer.parse("NettyH2Server", args, List.of("cert", "key"));
        SslContext tls = server.option("cert") == null ? null : tls(server.option("cert"), server.option("key"));
        server.serve("Netty HTTP/2 server (" + (tls == null ? "h2c prior knowledge"
                : "h2 over TLS with " + SslContext.defaultServerProvider()) + ")", channel -> {
                    if (tls != null) {
                        channel.pipeline().addLast(tls.newHandler(channel.alloc()));
                    }
                    channel.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(), new HelloHandler());
                });
    }

    private static SslContext tls(String cert, String key) throws SSLException {
        return SslContextBuilder.forServer(new File(cert), new File(key))
                .sslProvider(SslContext.defaultServerProvider())
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2))
                .build();
    }

    private static final class HelloHandler extends ChannelDuplexHandler {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2HeadersFrame headers) {
                if (headers.isEndStream()) {
                    respond(ctx, headers.stream());
                }
            } else if (msg instanceof Http2DataFrame data) {
                boolean end = data.isEndStream();
                Http2FrameStream stream = data.stream();
                ReferenceCountUtil.release(data);
                if (end) {
                    respond(ctx, stream);
                }
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        private static void respond(ChannelHandlerContext ctx, Http2FrameStream stream) {
            Http2Headers headers = HelloFields.write(new DefaultHttp2Headers(false));
            ctx.write(new DefaultHttp2HeadersFrame(headers).stream(stream), ctx.voidPromise());
            ctx.write(new DefaultHttp2DataFrame(HelloFields.BODY.duplicate(), true).stream(stream), ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
