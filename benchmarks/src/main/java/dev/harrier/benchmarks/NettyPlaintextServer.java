package dev.harrier.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The raw Netty baseline for the plaintext benchmark, written the way the TechEmpower Netty
 * entry is: {@link HttpServerCodec}, one pre-built body, headers from constants, a
 * {@code Date} formatted once per second, responses written in {@code channelRead} and
 * flushed once per read batch in {@code channelReadComplete}, keep-alive.
 *
 * <pre>
 * NettyPlaintextServer [--host=127.0.0.1] [--port=8080] [--threads=N] [--transport=nio|epoll|io_uring]
 * </pre>
 *
 * {@code --threads} defaults to one event loop per available core, as Harrier does.
 */
public final class NettyPlaintextServer {

    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBuf BODY_BUFFER =
            Unpooled.unreleasableBuffer(Unpooled.directBuffer(BODY.length).writeBytes(BODY)).asReadOnly();
    private static final AsciiString PLAINTEXT = AsciiString.cached("/plaintext");
    /** The same value Harrier's {@code send(String)} sets, so both answers are equally long. */
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=utf-8");
    /** As long as Harrier's {@code harrier}, so both responses have the same size. */
    private static final AsciiString SERVER = AsciiString.cached("netty42");
    private static final AsciiString BODY_LENGTH = AsciiString.cached(Integer.toString(BODY.length));
    private NettyPlaintextServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        BaselineServer.parse("NettyPlaintextServer", args, List.of()).serve("Netty plaintext server (HTTP/1.1)",
                channel -> channel.pipeline().addLast(new HttpServerCodec(), new HelloHandler()));
    }

    private static final class HelloHandler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                try {
                    respond(ctx, request);
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            } else {
                // Request bodies (none in this test) and the end-of-request marker.
                ReferenceCountUtil.release(msg);
            }
        }

        private static void respond(ChannelHandlerContext ctx, HttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            FullHttpResponse response;
            if (request.method() == HttpMethod.GET && PLAINTEXT.contentEquals(request.uri())) {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        BODY_BUFFER.duplicate(), false);
                HttpHeaders headers = response.headers();
                headers.set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN);
                headers.set(HttpHeaderNames.CONTENT_LENGTH, BODY_LENGTH);
            } else {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                        Unpooled.EMPTY_BUFFER, false);
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO);
            }
            HttpHeaders headers = response.headers();
            headers.set(HttpHeaderNames.SERVER, SERVER);
            headers.set(HttpHeaderNames.DATE, BaselineServer.date());
            if (keepAlive) {
                ctx.write(response, ctx.voidPromise());
            } else {
                headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
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
