package dev.harrier.protocol.http2;

import dev.harrier.http.Headers;
import dev.harrier.spi.ContentLengths;
import dev.harrier.spi.ServerConnection;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.EmptyHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound side of one HTTP/2 stream: checks the request head, dispatches the exchange and
 * relays body, trailers, resets and writability to the kernel.
 */
final class Http2StreamHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(Http2StreamHandler.class);
    private static final Headers NO_TRAILERS = new Http2HeadersView(EmptyHttp2Headers.INSTANCE);

    private final ServerConnection connection;
    private final boolean flowControlled;
    private Http2Exchange exchange;

    /**
     * @param flowControlled whether the stream's DATA counts against its window (every stream
     *                       but the one an HTTP/1.1 Upgrade request became)
     */
    Http2StreamHandler(ServerConnection connection, boolean flowControlled) {
        this.connection = connection;
        this.flowControlled = flowControlled;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2HeadersFrame headers) {
            if (exchange == null) {
                onRequestHead((Http2StreamChannel) ctx.channel(), headers);
            } else if (!exchange.requestEnded) {
                // Netty lets trailing HEADERS through only with END_STREAM and no pseudo-header.
                onRequestEnd(new Http2HeadersView(headers.headers()));
            }
        } else if (msg instanceof Http2DataFrame data) {
            onData(ctx, data);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequestHead(Http2StreamChannel channel, Http2HeadersFrame frame) {
        Http2Headers headers = frame.headers();
        RequestHeadRules.Rejection rejection = RequestHeadRules.check(headers, connection.scheme(), connection.limits());
        if (rejection != null) {
            reject(channel, rejection, frame.isEndStream());
            return;
        }
        CharSequence authority = headers.authority();
        if (authority != null && !headers.contains(HttpHeaderNames.HOST)) {
            headers.add(HttpHeaderNames.HOST, authority); // as an HTTP/1.1 request would carry it
        }
        exchange = new Http2Exchange(channel, headers, frame.isEndStream(), connection.addServerHeader(), flowControlled);
        exchange.listener = connection.dispatch(exchange);
        if (frame.isEndStream()) {
            exchange.listener.onBodyEnd(NO_TRAILERS);
        }
    }

    private void onData(ChannelHandlerContext ctx, Http2DataFrame data) {
        int padding = data.initialFlowControlledBytes() - data.content().readableBytes();
        if (padding > 0 && flowControlled) {
            ctx.channel().write(new DefaultHttp2WindowUpdateFrame(padding));
        }
        if (exchange == null || exchange.requestEnded) {
            data.release();
            return;
        }
        if (data.content().isReadable()) {
            exchange.listener.onBody(data.content());
        } else {
            data.release();
        }
        if (data.isEndStream()) {
            onRequestEnd(NO_TRAILERS);
        }
    }

    private void onRequestEnd(Headers trailers) {
        exchange.requestEnded = true;
        exchange.listener.onBodyEnd(trailers);
    }

    /** Answers a request that breaks the rules, then resets the stream if the client is still sending. */
    private void reject(Http2StreamChannel channel, RequestHeadRules.Rejection rejection, boolean requestEnded) {
        LOG.debug("Request on {} refused with {}: {}", channel, rejection.status(), rejection.reason());
        Http2Headers response = new DefaultHttp2Headers(false)
                .status(HttpResponseStatus.valueOf(rejection.status()).codeAsText())
                .set(HttpHeaderNames.CONTENT_LENGTH, ContentLengths.of(0));
        Http2Exchange.addDateAndServer(response, connection.addServerHeader());
        channel.write(new DefaultHttp2HeadersFrame(response, true));
        if (!requestEnded) {
            channel.write(new DefaultHttp2ResetFrame(rejection.reset()));
        }
        channel.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof Http2ResetFrame reset) {
            Http2Error error = Http2Error.valueOf(reset.errorCode());
            LOG.debug("Stream {} reset by the client: {}", ctx.channel(), error);
            abort(new IOException("The client reset the stream (" + (error == null ? reset.errorCode() : error) + ")"));
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.listener.onWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        abort(new ClosedChannelException());
    }

    /**
     * A stream error (malformed frames, a broken rule of the protocol) or an I/O failure: Netty
     * resets the stream with the error's code and closes its channel. Anything else is a failure
     * of the server: the stream is reset with INTERNAL_ERROR.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) {
            LOG.debug("Stream {} failed: {}", ctx.channel(), cause.toString());
            abort(cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause));
            return;
        }
        connection.unexpected(cause);
        abort(new IOException("The server failed", cause));
        ctx.channel().writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR));
        ctx.close();
    }

    /** Tells the kernel the exchange is over unless its response is already complete. */
    private void abort(IOException cause) {
        if (exchange != null && !exchange.responseEnded()) {
            exchange.listener.onAbort(cause);
        }
    }
}
