package dev.harrier.protocol.http3;

import dev.harrier.http.Headers;
import dev.harrier.spi.Exchange;
import dev.harrier.spi.ExchangeListener;
import dev.harrier.spi.FieldSection;
import dev.harrier.spi.RequestHeadRules;
import dev.harrier.spi.RequestPseudoHead;
import dev.harrier.spi.ResponseFraming;
import dev.harrier.spi.ResponseHeadFields;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3ErrorCode;
import io.netty.handler.codec.http3.Http3Exception;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersValidationException;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.quic.QuicException;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/3 request stream as an exchange, on the stream's own pipeline after Netty's codec and
 * validators: the request head from its HEADERS frame, the body from DATA frames (the stream stops
 * reading while the application has a window's worth unread, so QUIC's flow control holds the
 * client back), trailers from a second HEADERS; the response written as HEADERS, DATA and trailing
 * HEADERS frames, then FIN.
 */
final class Http3Exchange extends Http3RequestStreamInboundHandler implements Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(Http3Exchange.class);
    private static final String PROTOCOL = "HTTP/3";
    private static final Headers NO_TRAILERS = Http3Fields.view(new DefaultHttp3Headers(false));
    private final Http3Connection connection;
    private final QuicStreamChannel stream;
    /** Request body bytes given to the application and not consumed yet, beyond which reading stops. */
    private final long readWindow;
    private final long responseBufferSize;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> headTimeout;
    private RequestPseudoHead head;
    private long contentLength;
    private FieldSection<Http3Headers> requestHeaders;
    private FieldSection<Http3Headers> responseHeaders;
    private FieldSection<Http3Headers> responseTrailers;
    private ExchangeListener listener;
    private boolean opened;
    private boolean requestEnded;
    private boolean headSent;
    private boolean bodyAllowed;
    private boolean wholeResponse;
    private boolean responseEnded;
    private boolean aborted;
    private boolean stopAfterResponse;
    private long unconsumed;
    private long bodyWritten;
    private volatile long bodySent;
    private volatile boolean bufferFull;

    Http3Exchange(Http3Connection connection, QuicStreamChannel stream) {
        this.connection = connection;
        this.stream = stream;
        this.readWindow = connection.server().limits().quic().initialStreamWindowSize();
        long max = connection.server().limits().maxResponseBufferSize();
        this.responseBufferSize = max > 0 ? max : Long.MAX_VALUE;
    }

    /**
     * Counts the stream, or refuses it after GOAWAY; a stream whose request head does not arrive
     * within {@code requestHeadersTimeout} is refused with H3_REQUEST_REJECTED, as in Kestrel.
     */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        opened = connection.streamOpened(stream.streamId());
        if (!opened) {
            LOG.debug("Stream {} on {} opened after GOAWAY; refused", stream.streamId(), stream.parent());
            stream.shutdown(Http3ErrorCode.H3_REQUEST_REJECTED.code());
            return;
        }
        headTimeout = ctx.executor().schedule(this::headTimedOut,
                connection.server().limits().requestHeadersTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void headTimedOut() {
        if (head == null && stream.isActive()) {
            LOG.debug("Stream {} on {} sent no request head within requestHeadersTimeout; refused", stream.streamId(),
                    stream.parent());
            aborted = true;
            stream.shutdown(Http3ErrorCode.H3_REQUEST_REJECTED.code());
        }
    }

    // ---- inbound ----

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
        if (!opened || aborted) {
            return;
        }
        if (head == null) {
            headTimeout.cancel(false);
            onRequestHead(frame.headers());
        } else if (listener != null && !requestEnded) {
            onTrailers(frame.headers());
        }
    }

    private void onRequestHead(Http3Headers headers) {
        head = RequestPseudoHead.read(headers, connection.server().limits().http3().maxRequestHeaderFieldSize());
        RequestHeadRules.Rejection rejection = RequestHeadRules.check(head, connection.server().scheme(),
                connection.server().limits());
        if (rejection != null) {
            reject(rejection);
            return;
        }
        head.addHostFromAuthority();
        CharSequence length = head.contentLength;
        // Netty's validator has checked the value and holds DATA to it.
        contentLength = length == null ? -1 : Long.parseLong(length.toString());
        listener = connection.server().dispatch(this);
    }

    /** Netty's codec has checked them: no pseudo-header fields (RFC 9114 section 4.1.2). */
    private void onTrailers(Http3Headers trailers) {
        requestEnded = true;
        listener.onBodyEnd(Http3Fields.view(trailers));
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
        ByteBuf content = frame.content();
        if (listener == null || requestEnded || aborted || !content.isReadable()) {
            frame.release();
            return;
        }
        unconsumed += content.readableBytes();
        if (unconsumed >= readWindow) {
            stream.config().setAutoRead(false);
        }
        listener.onBody(content);
    }

    @Override
    protected void channelInputClosed(ChannelHandlerContext ctx) {
        if (!opened || aborted || requestEnded) {
            return;
        }
        if (head == null) {
            connection.server().protocolError("H3_REQUEST_INCOMPLETE: a request stream ended without a request head");
            stream.shutdown(Http3ErrorCode.H3_REQUEST_INCOMPLETE.code());
            return;
        }
        if (listener != null) {
            requestEnded = true;
            listener.onBodyEnd(NO_TRAILERS);
        }
    }

    /** The client reset the stream (RESET_STREAM) under a read: the exchange is over. */
    @Override
    protected void handleQuicException(ChannelHandlerContext ctx, QuicException exception) {
        LOG.debug("Stream {} on {}: {}", stream.streamId(), stream.parent(), exception.toString());
        if (opened && !responseEnded) {
            connection.streamResetByClient();
        }
        abortByPeer(new IOException("The client reset the stream (" + exception.getMessage() + ")", exception));
    }

    /** Netty's validators found the client breaking HTTP/3 on this stream and reset it (or closed the connection). */
    @Override
    protected void handleHttp3Exception(ChannelHandlerContext ctx, Http3Exception exception) {
        LOG.debug("Stream {} on {} broke HTTP/3: {}", stream.streamId(), stream.parent(), exception.toString());
        connection.protocolError(exception);
        fail(exception.errorCode(), new IOException(exception.getMessage(), exception));
    }

    /**
     * A header section Netty's codec found malformed (pseudo-header fields in trailers, upper-case
     * names, ...): it resets the stream with H3_MESSAGE_ERROR. Other failures are classified by
     * the connection.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable failure) {
        Throwable cause = failure instanceof DecoderException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof QuicException || cause instanceof Http3Exception) {
            super.exceptionCaught(ctx, cause);
        } else if (cause instanceof Http3HeadersValidationException malformed) {
            connection.server().protocolError("H3_MESSAGE_ERROR: " + malformed.getMessage());
            abortByPeer(new IOException("A malformed request: " + malformed.getMessage(), malformed));
            aborted = true;
        } else if (connection.failed(ctx, cause)) {
            abortByPeer(cause instanceof IOException io ? io : new IOException("The server failed", cause));
            aborted = true;
            stream.shutdown(Http3ErrorCode.H3_INTERNAL_ERROR.code());
        } else {
            abortByPeer(cause instanceof IOException io ? io : new IOException(cause));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (headTimeout != null) {
            headTimeout.cancel(false);
        }
        if (opened) {
            connection.streamClosed();
        }
        abortByPeer(new ClosedChannelException());
        ctx.fireChannelInactive();
    }

    private void abortByPeer(IOException cause) {
        if (!aborted && listener != null && !responseEnded) {
            aborted = true;
            listener.onAbort(cause);
        }
    }

    /** A stream error: the exchange is aborted and the stream reset with {@code error}. */
    private void fail(Http3ErrorCode error, IOException cause) {
        abortByPeer(cause);
        aborted = true;
        stream.shutdown(error.code());
    }

    /** Answers a request that breaks the rules, then stops the client sending if it still is. */
    private void reject(RequestHeadRules.Rejection rejection) {
        LOG.debug("Request on stream {} of {} refused with {}: {}", stream.streamId(), stream.parent(),
                rejection.status(), rejection.reason());
        Http3Headers response = ResponseHeadFields.writeRefusal(new DefaultHttp3Headers(false), rejection.status(),
                connection.server().addServerHeader());
        aborted = true;
        Http3ErrorCode stop = rejection.malformed() ? Http3ErrorCode.H3_MESSAGE_ERROR : Http3ErrorCode.H3_NO_ERROR;
        ctx.writeAndFlush(new DefaultHttp3HeadersFrame(response)).addListener(sent -> {
            stream.shutdownOutput();
            if (!requestEnded) {
                stream.shutdownInput(stop.code());
            }
        });
    }

    // ---- request ----

    @Override
    public String method() {
        return head.method.toString();
    }

    @Override
    public String rawTarget() {
        return (head.path != null ? head.path : head.authority).toString();
    }

    @Override
    public String authority() {
        CharSequence authority = head.authority != null ? head.authority : head.host;
        return authority == null ? null : authority.toString();
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public Headers requestHeaders() {
        if (requestHeaders == null) {
            requestHeaders = Http3Fields.view((Http3Headers) head.headers);
        }
        return requestHeaders;
    }

    @Override
    public long contentLength() {
        return contentLength;
    }

    @Override
    public void bodyRequested() {
        boolean expectsContinue = HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(head.expect);
        if (expectsContinue && !headSent && !requestEnded) {
            ctx.writeAndFlush(new DefaultHttp3HeadersFrame(ResponseHeadFields.writeStatus(new DefaultHttp3Headers(false), 100)));
        }
    }

    /** Reading resumes once the application has consumed half of what stopped it. */
    @Override
    public void bodyConsumed(int bytes) {
        unconsumed -= bytes;
        if (!stream.config().isAutoRead() && unconsumed <= readWindow / 2) {
            stream.config().setAutoRead(true);
        }
    }

    // ---- response ----

    @Override
    public FieldSection<Http3Headers> responseHeaders() {
        if (responseHeaders == null) {
            responseHeaders = Http3Fields.view(new DefaultHttp3Headers(false));
        }
        return responseHeaders;
    }

    @Override
    public FieldSection<Http3Headers> responseTrailers() {
        if (responseTrailers == null) {
            responseTrailers = Http3Fields.view(new DefaultHttp3Headers(false));
        }
        return responseTrailers;
    }

    /** HEADERS with the fields the kernel's framing says, less those HTTP/3 forbids; FIN when nothing follows. */
    @Override
    public void sendHead(int status, ResponseFraming framing, ByteBuf body, boolean end) {
        headSent = true;
        wholeResponse = end;
        bodyAllowed = framing.body();
        Http3Headers headers = ResponseHeadFields.write(responseHeaders().netty(), status, framing);
        ByteBuf content = body;
        if (content != null && !content.isReadable()) {
            content.release();
            content = null;
        }
        ChannelFuture written = ctx.write(new DefaultHttp3HeadersFrame(headers));
        if (end && content == null && !hasTrailers()) {
            ended(written);
        } else if (content != null || end) {
            sendBody(content == null ? Unpooled.EMPTY_BUFFER : content, end);
        }
    }

    @Override
    public void sendBody(ByteBuf body, boolean end) {
        ChannelFuture written = null;
        if (body.isReadable()) {
            written = writeData(body);
        } else {
            body.release();
        }
        if (!end) {
            return;
        }
        if (hasTrailers()) {
            written = ctx.write(new DefaultHttp3HeadersFrame(responseTrailers.netty()));
        }
        ended(written != null ? written : ctx.newSucceededFuture());
    }

    /** Writes a DATA frame, counting its bytes as sent once QUIC has taken them. */
    private ChannelFuture writeData(ByteBuf body) {
        int size = body.readableBytes();
        ChannelFuture written = ctx.write(new DefaultHttp3DataFrame(body));
        if (!wholeResponse) {
            bodyWritten += size;
            if (written.isDone()) {
                dataSent(written, size);
            } else {
                if (bodyWritten - bodySent >= responseBufferSize) {
                    bufferFull = true;
                }
                written.addListener(done -> dataSent(done, size));
            }
        }
        return written;
    }

    private void dataSent(Future<?> write, int size) {
        if (!write.isSuccess()) {
            writeFailed(write.cause());
            return;
        }
        bodySent += size;
        if (bufferFull && bodyWritten - bodySent <= responseBufferSize / 2) {
            bufferFull = false;
            writabilityChanged();
        }
    }

    /** A body write failed: the client stopped the stream (STOP_SENDING) or the connection went away. */
    private void writeFailed(Throwable cause) {
        LOG.debug("Stream {} on {}: a write failed: {}", stream.streamId(), stream.parent(), String.valueOf(cause));
        abortByPeer(new IOException("The client stopped the stream", cause));
    }

    private void writabilityChanged() {
        if (listener != null) {
            listener.onWritabilityChanged();
        }
    }

    private boolean hasTrailers() {
        return bodyAllowed && responseTrailers != null && !responseTrailers.netty().isEmpty();
    }

    /**
     * The response's last frame is under way: FIN follows it, and a client still sending its body
     * is told to stop if the request is not wanted beyond the response.
     */
    private void ended(ChannelFuture last) {
        responseEnded = true;
        last.addListener(sent -> {
            if (!sent.isSuccess()) {
                LOG.debug("Stream {} on {}: the response's end failed: {}", stream.streamId(), stream.parent(),
                        String.valueOf(sent.cause()));
                stream.shutdown(Http3ErrorCode.H3_INTERNAL_ERROR.code());
                return;
            }
            stream.shutdownOutput();
            if (stopAfterResponse && !requestEnded) {
                stream.shutdownInput(Http3ErrorCode.H3_NO_ERROR.code());
            }
        });
    }

    @Override
    public void flush() {
        ctx.flush();
    }

    /**
     * While less than the response buffer waits to be taken by QUIC: Netty queues what the
     * client's flow control holds back, and fails that queue when the client sends STOP_SENDING
     * (with nothing queued it says nothing of it, so a writer waiting for the stream's own
     * writability would wait for ever).
     */
    @Override
    public boolean isWritable() {
        return !bufferFull;
    }

    @Override
    public long responseBytesSent() {
        return bodySent;
    }

    /** RFC 9114 section 4.1: STOP_SENDING with H3_NO_ERROR once the response is complete. */
    @Override
    public void closeAfterResponse() {
        stopAfterResponse = true;
        if (responseEnded && !requestEnded && stream.isActive()) {
            stream.shutdownInput(Http3ErrorCode.H3_NO_ERROR.code());
        }
    }

    /**
     * Resets the stream both ways with H3_REQUEST_CANCELLED; the connection and its other streams
     * carry on. A response already complete is kept (a reset would let QUIC drop what the client
     * has not acknowledged): only the rest of the request is refused, with STOP_SENDING.
     */
    @Override
    public void abort(Throwable cause) {
        LOG.debug("Stream {} on {} aborted: {}", stream.streamId(), stream.parent(), cause.toString());
        aborted = true;
        if (!stream.isActive()) {
            return;
        }
        if (responseEnded) {
            if (!requestEnded) {
                stream.shutdownInput(Http3ErrorCode.H3_NO_ERROR.code());
            }
        } else {
            stream.shutdown(Http3ErrorCode.H3_REQUEST_CANCELLED.code());
        }
    }

    @Override
    public boolean upgradable() {
        return false;
    }

    @Override
    public void switchProtocols() {
        throw new UnsupportedOperationException("HTTP/3 streams cannot switch protocols");
    }

    @Override
    public EventLoop eventLoop() {
        return stream.eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
        return stream.alloc();
    }
}
