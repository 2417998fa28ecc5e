package dev.harrier.protocol.http2;

import dev.harrier.http.DataRate;
import dev.harrier.http.Headers;
import dev.harrier.spi.FieldSection;
import dev.harrier.spi.RequestPseudoHead;
import dev.harrier.spi.ResponseHeadFields;
import dev.harrier.spi.Exchange;
import dev.harrier.spi.ExchangeListener;
import dev.harrier.spi.ResponseFraming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 stream as an exchange: the request head from its HEADERS frame, the response
 * written as HEADERS, DATA and trailing HEADERS frames through the connection's
 * {@link Http2StreamDispatcher}. The request body's flow-control window is reopened only for the
 * bytes the application has consumed. The stream is writable while the client's windows and the
 * socket take its data and less than the response buffer of it waits to be sent.
 */
final class Http2Exchange implements Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(Http2Exchange.class);
    private static final String PROTOCOL = "HTTP/2";
    private final Http2StreamDispatcher streams;
    private final Http2FrameStream stream;
    /** The request head, and the fields of it the server reads itself. */
    private final RequestPseudoHead requestHead;
    private final long contentLength;
    private FieldSection<Http2Headers> requestHeaders;
    private FieldSection<Http2Headers> responseHeaders;
    private FieldSection<Http2Headers> responseTrailers;
    ExchangeListener listener;
    private boolean headSent;
    /** Whether the response may carry a body and trailers, as the kernel decided with its head. */
    private boolean bodyAllowed;
    /** The whole response went with its head: no writer waits for its bytes to leave, so they are not counted. */
    private boolean wholeResponse;
    private boolean responseEnded;
    boolean requestEnded;
    private boolean resetAfterResponse;
    /** The write of the response's last frame, once it is under way. */
    private ChannelFuture lastFrame;
    /** Body bytes written to the stream (on the event loop only). */
    private long bodyWritten;
    /** Body bytes the socket has taken (counted on the event loop only). */
    private volatile long bodySent;
    /** Whether the client's windows and the socket take more of the stream's data. */
    private volatile boolean streamWritable;
    /** Whether more than the response buffer waits to be sent. */
    private volatile boolean bufferFull;

    Http2Exchange(Http2StreamDispatcher streams, Http2FrameStream stream, RequestPseudoHead requestHead, boolean endStream,
            boolean streamWritable) {
        this.streams = streams;
        this.stream = stream;
        this.requestHead = requestHead;
        this.streamWritable = streamWritable;
        this.requestEnded = endStream;
        CharSequence length = requestHead.contentLength;
        // Netty's decoder has checked the value and holds DATA to it.
        this.contentLength = endStream ? 0 : length == null ? -1 : Long.parseLong(length.toString());
    }

    /** Whether the response has been sent in full: the stream is no longer this exchange's to abort. */
    boolean responseEnded() {
        return responseEnded;
    }

    // ---- request ----

    @Override
    public String method() {
        return requestHead.method.toString();
    }

    @Override
    public String rawTarget() {
        CharSequence path = requestHead.path;
        return (path != null ? path : requestHead.authority).toString();
    }

    @Override
    public String authority() {
        CharSequence authority = requestHead.authority != null ? requestHead.authority : requestHead.host;
        return authority == null ? null : authority.toString();
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public Headers requestHeaders() {
        if (requestHeaders == null) {
            requestHeaders = Http2Fields.view((Http2Headers) requestHead.headers);
        }
        return requestHeaders;
    }

    @Override
    public long contentLength() {
        return contentLength;
    }

    @Override
    public void bodyRequested() {
        boolean expectsContinue = HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(requestHead.expect);
        if (expectsContinue && !headSent && !requestEnded) {
            Http2Headers interim = ResponseHeadFields.writeStatus(new DefaultHttp2Headers(false), 100);
            streams.write(new DefaultHttp2HeadersFrame(interim, false), stream);
            streams.flush();
        }
    }

    @Override
    public void bodyConsumed(int bytes) {
        if (bytes > 0) {
            streams.consumed(stream, bytes);
        }
    }

    // ---- response ----

    @Override
    public FieldSection<Http2Headers> responseHeaders() {
        if (responseHeaders == null) {
            responseHeaders = Http2Fields.view(new DefaultHttp2Headers(false));
        }
        return responseHeaders;
    }

    @Override
    public FieldSection<Http2Headers> responseTrailers() {
        if (responseTrailers == null) {
            responseTrailers = Http2Fields.view(new DefaultHttp2Headers(false));
        }
        return responseTrailers;
    }

    /**
     * HEADERS with the fields the kernel's framing says, less those HTTP/2 forbids; with
     * END_STREAM when nothing follows.
     */
    @Override
    public void sendHead(int status, ResponseFraming framing, ByteBuf body, boolean end) {
        headSent = true;
        wholeResponse = end;
        bodyAllowed = framing.body();
        Http2Headers headers = ResponseHeadFields.write(responseHeaders().netty(), status, framing);
        ByteBuf content = body;
        if (content != null && !content.isReadable()) {
            content.release();
            content = null;
        }
        boolean headersEnd = end && content == null && !hasTrailers();
        ChannelFuture written = streams.write(new DefaultHttp2HeadersFrame(headers, headersEnd), stream);
        if (headersEnd) {
            ended(written);
        } else if (content != null || end) {
            sendBody(content == null ? Unpooled.EMPTY_BUFFER : content, end);
        }
    }

    @Override
    public void sendBody(ByteBuf body, boolean end) {
        if (!end) {
            if (body.isReadable()) {
                writeData(body, false);
            } else {
                body.release();
            }
            return;
        }
        ChannelFuture written;
        if (hasTrailers()) {
            if (body.isReadable()) {
                writeData(body, false);
            } else {
                body.release();
            }
            written = streams.write(new DefaultHttp2HeadersFrame(responseTrailers.netty(), true), stream);
        } else {
            written = writeData(body, true);
        }
        ended(written);
    }

    /**
     * Writes a DATA frame, counting its bytes as sent once the socket has taken them (a frame
     * first waits for the client's window).
     */
    private ChannelFuture writeData(ByteBuf body, boolean end) {
        int size = body.readableBytes();
        ChannelFuture written = streams.write(new DefaultHttp2DataFrame(body, end), stream);
        if (size > 0 && !wholeResponse) {
            bodyWritten += size;
            if (written.isDone()) {
                dataSent(written, size);
            } else {
                if (bodyWritten - bodySent >= streams.responseBufferSize()) {
                    bufferFull = true;
                }
                written.addListener(done -> dataSent(done, size));
            }
        }
        return written;
    }

    /** A DATA frame has left (or failed): the stream may be writable again when half its buffer is free. */
    private void dataSent(Future<?> write, int size) {
        if (!write.isSuccess()) {
            return;
        }
        bodySent += size;
        if (bufferFull && bodyWritten - bodySent <= streams.responseBufferSize() / 2) {
            bufferFull = false;
            writabilityChanged();
        }
    }

    /** The client's windows or the socket changed whether they take more of this stream's data. */
    void streamWritabilityChanged(boolean writable) {
        streamWritable = writable;
        writabilityChanged();
    }

    private void writabilityChanged() {
        if (listener != null) {
            listener.onWritabilityChanged();
        }
    }

    /** Whether trailers are to be sent: set, on a response with a body. */
    private boolean hasTrailers() {
        return bodyAllowed && responseTrailers != null && !responseTrailers.netty().isEmpty();
    }

    private void ended(ChannelFuture written) {
        responseEnded = true;
        lastFrame = written;
        streams.stalledWindows().responseEnded(stream.id());
        if (resetAfterResponse) {
            resetWhenSent();
        }
    }

    /**
     * Resets a stream whose request is still arriving once the response has left: DATA frames
     * wait for the client's window, and a reset would discard them.
     */
    private void resetWhenSent() {
        lastFrame.addListener(sent -> {
            if (!requestEnded) {
                reset(Http2Error.NO_ERROR);
            }
        });
    }

    @Override
    public void flush() {
        streams.flush();
    }

    @Override
    public boolean isWritable() {
        return streamWritable && !bufferFull;
    }

    @Override
    public long responseBytesSent() {
        return bodySent;
    }

    /**
     * The request is not wanted beyond the response: a client still sending its body is told to
     * stop with RST_STREAM(NO_ERROR) once the response is complete (RFC 9113 section 8.1). The
     * connection stays open.
     */
    @Override
    public void closeAfterResponse() {
        resetAfterResponse = true;
        if (responseEnded) {
            resetWhenSent();
        }
    }

    /** Resets the stream with INTERNAL_ERROR; the connection and its other streams carry on. */
    @Override
    public void abort(Throwable cause) {
        LOG.debug("Stream {} on {} aborted: {}", stream.id(), streams.context().channel(), cause.toString());
        reset(Http2Error.INTERNAL_ERROR);
    }

    private void reset(Http2Error error) {
        streams.reset(stream, error);
    }

    @Override
    public void minResponseDataRate(DataRate rate) {
        streams.stalledWindows().minRate(stream.id(), rate);
    }

    @Override
    public boolean upgradable() {
        return false;
    }

    @Override
    public void switchProtocols() {
        throw new UnsupportedOperationException("HTTP/2 streams cannot switch protocols");
    }

    @Override
    public EventLoop eventLoop() {
        return streams.context().channel().eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
        return streams.context().alloc();
    }
}
