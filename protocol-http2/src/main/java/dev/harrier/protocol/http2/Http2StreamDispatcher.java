package dev.harrier.protocol.http2;

import dev.harrier.http.Headers;
import dev.harrier.spi.RequestHeadRules;
import dev.harrier.spi.RequestPseudoHead;
import dev.harrier.spi.ResponseHeadFields;
import dev.harrier.spi.ReadBatchFlush;
import dev.harrier.spi.ServerConnection;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.EmptyHttp2Headers;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams of one HTTP/2 connection, served from the connection's own pipeline right after
 * the frame codec: each request stream becomes an {@link Http2Exchange} dispatched to the
 * kernel, and the codec's stream frames, stream events and stream errors are relayed to it. A
 * stream has no channel of its own: its exchange writes frames through here, and a flush asked
 * for while a read is in progress waits for the end of the read, so the responses of one read
 * leave in one write.
 */
final class Http2StreamDispatcher extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(Http2StreamDispatcher.class);
    private static final Headers NO_TRAILERS = Http2Fields.view(EmptyHttp2Headers.INSTANCE);

    private final ServerConnection connection;
    private final Http2Connection http2;
    private final Http2RemoteFlowController flow;
    private final StalledWindows stalledWindows;
    /** Response bytes a stream may have written and not yet sent before it stops being writable. */
    private final long responseBufferSize;
    private final IntObjectMap<Http2Exchange> exchanges = new IntObjectHashMap<>();
    private ChannelHandlerContext ctx;
    private final ReadBatchFlush flushes = new ReadBatchFlush();

    Http2StreamDispatcher(Http2FrameCodec codec, ServerConnection connection, StalledWindows stalledWindows) {
        this.connection = connection;
        this.http2 = codec.connection();
        this.flow = codec.encoder().flowController();
        this.stalledWindows = stalledWindows;
        long max = connection.limits().maxResponseBufferSize();
        this.responseBufferSize = max > 0 ? max : Long.MAX_VALUE;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    // ---- inbound ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Http2StreamFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        flushes.reading();
        try {
            if (frame instanceof Http2HeadersFrame headers) {
                onHeaders(headers);
            } else if (frame instanceof Http2DataFrame data) {
                onData(data);
            } else if (frame instanceof Http2ResetFrame reset) {
                onReset(reset);
            } else {
                ReferenceCountUtil.release(frame);
            }
        } catch (RuntimeException e) {
            failed(frame.stream(), e);
        }
    }

    private void onHeaders(Http2HeadersFrame frame) {
        Http2Exchange exchange = exchanges.get(frame.stream().id());
        if (exchange == null) {
            onRequestHead(frame);
        } else if (!exchange.requestEnded) {
            // Netty lets trailing HEADERS through only with END_STREAM and no pseudo-header.
            onRequestEnd(exchange, Http2Fields.view(frame.headers()));
        }
    }

    private void onRequestHead(Http2HeadersFrame frame) {
        Http2FrameStream stream = frame.stream();
        RequestPseudoHead head = RequestPseudoHead.read(frame.headers(), connection.limits().http2().maxRequestHeaderFieldSize());
        RequestHeadRules.Rejection rejection = RequestHeadRules.check(head, connection.scheme(), connection.limits());
        if (rejection != null) {
            reject(stream, rejection, frame.isEndStream());
            return;
        }
        head.addHostFromAuthority();
        Http2Stream state = http2.stream(stream.id());
        Http2Exchange exchange = new Http2Exchange(this, stream, head, frame.isEndStream(),
                state != null && flow.isWritable(state));
        exchanges.put(stream.id(), exchange);
        exchange.listener = connection.dispatch(exchange);
        if (frame.isEndStream()) {
            exchange.listener.onBodyEnd(NO_TRAILERS);
        }
    }

    /**
     * A DATA frame's bytes count against the windows until the application consumes them; its
     * padding is returned at once.
     */
    private void onData(Http2DataFrame data) {
        Http2FrameStream stream = data.stream();
        int padding = data.initialFlowControlledBytes() - data.content().readableBytes();
        if (padding > 0) {
            consumed(stream, padding);
        }
        Http2Exchange exchange = exchanges.get(stream.id());
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
            onRequestEnd(exchange, NO_TRAILERS);
        }
    }

    private static void onRequestEnd(Http2Exchange exchange, Headers trailers) {
        exchange.requestEnded = true;
        exchange.listener.onBodyEnd(trailers);
    }

    private void onReset(Http2ResetFrame reset) {
        Http2Exchange exchange = exchanges.get(reset.stream().id());
        Http2Error error = Http2Error.valueOf(reset.errorCode());
        LOG.debug("Stream {} on {} reset by the client: {}", reset.stream().id(), ctx.channel(), error);
        abort(exchange, () -> new IOException("The client reset the stream ("
                + (error == null ? reset.errorCode() : error) + ")"));
    }

    /** Answers a request that breaks the rules, then resets the stream if the client is still sending. */
    private void reject(Http2FrameStream stream, RequestHeadRules.Rejection rejection, boolean requestEnded) {
        LOG.debug("Request on stream {} of {} refused with {}: {}", stream.id(), ctx.channel(), rejection.status(),
                rejection.reason());
        Http2Headers response = ResponseHeadFields.writeRefusal(new DefaultHttp2Headers(false), rejection.status(),
                connection.addServerHeader());
        ctx.write(new DefaultHttp2HeadersFrame(response, true).stream(stream));
        if (!requestEnded) {
            ctx.write(new DefaultHttp2ResetFrame(rejection.malformed() ? Http2Error.PROTOCOL_ERROR : Http2Error.NO_ERROR).stream(stream));
        }
        flush();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushes.readComplete(ctx);
        ctx.fireChannelReadComplete();
    }

    /** A stream's writability changed, or it closed: a closed stream's exchange is over. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!(event instanceof Http2FrameStreamEvent streamEvent)) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        Http2FrameStream stream = streamEvent.stream();
        if (streamEvent.type() == Http2FrameStreamEvent.Type.Writability) {
            Http2Exchange exchange = exchanges.get(stream.id());
            Http2Stream state = http2.stream(stream.id());
            if (exchange != null && state != null) {
                exchange.streamWritabilityChanged(flow.isWritable(state));
            }
        } else if (stream.state() == Http2Stream.State.CLOSED) {
            abort(exchanges.remove(stream.id()), ClosedChannelException::new);
        }
    }

    /**
     * A stream error (malformed frames, a broken rule of the protocol): the exchange is aborted
     * and the stream reset with the error's code. Other errors are the connection's.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof Http2FrameStreamException streamError)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        Http2FrameStream stream = streamError.stream();
        Throwable reason = streamError.getCause() == null ? streamError : streamError.getCause();
        LOG.debug("Stream {} on {} failed: {}", stream.id(), ctx.channel(), reason.toString());
        abort(exchanges.get(stream.id()), () -> new IOException(reason.getMessage(), reason));
        reset(stream, streamError.error());
    }

    /** A failure of the server while serving a stream: the stream is reset with INTERNAL_ERROR. */
    private void failed(Http2FrameStream stream, RuntimeException cause) {
        connection.unexpected(cause);
        abort(exchanges.get(stream.id()), () -> new IOException("The server failed", cause));
        reset(stream, Http2Error.INTERNAL_ERROR);
    }

    /**
     * Tells the kernel the exchange is over unless its response is already complete; the cause
     * is made only then (a stream closes after every response).
     */
    private static void abort(Http2Exchange exchange, Supplier<IOException> cause) {
        if (exchange != null && exchange.listener != null && !exchange.responseEnded()) {
            exchange.listener.onAbort(cause.get());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (Http2Exchange exchange : exchanges.values()) {
            abort(exchange, ClosedChannelException::new);
        }
        exchanges.clear();
        ctx.fireChannelInactive();
    }

    // ---- outbound, for the exchanges ----

    /** Writes a frame of the stream; on the event loop. */
    ChannelFuture write(Http2StreamFrame frame, Http2FrameStream stream) {
        return ctx.write(frame.stream(stream));
    }

    /** Flushes now, or at the end of the read in progress. */
    void flush() {
        flushes.flush(ctx);
    }

    /** Reopens the stream's window (and the connection's) for bytes the application has consumed. */
    void consumed(Http2FrameStream stream, int bytes) {
        if (stream.state() != Http2Stream.State.CLOSED) {
            ctx.write(new DefaultHttp2WindowUpdateFrame(bytes).stream(stream));
            flush();
        }
    }

    /** Sends RST_STREAM unless the stream is closed already. */
    void reset(Http2FrameStream stream, Http2Error error) {
        if (stream.state() != Http2Stream.State.CLOSED && ctx.channel().isActive()) {
            ctx.write(new DefaultHttp2ResetFrame(error).stream(stream));
            flush();
        }
    }

    StalledWindows stalledWindows() {
        return stalledWindows;
    }

    ChannelHandlerContext context() {
        return ctx;
    }

    long responseBufferSize() {
        return responseBufferSize;
    }
}
