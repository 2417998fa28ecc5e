package dev.harrier.protocol.http1;

import dev.harrier.http.Headers;
import dev.harrier.spi.GracefulClose;
import dev.harrier.spi.ReadBatchFlush;
import dev.harrier.spi.ResponseFraming;
import dev.harrier.spi.ServerConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one HTTP/1.x connection: turns decoded requests into exchanges, writes their
 * responses in order, keeps the connection alive between requests and closes it when idle
 * for longer than the keep-alive timeout.
 */
final class Http1ConnectionHandler extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Http1ConnectionHandler.class);
    /** Bodies sent whole at most this long are copied next to their head. */
    private static final int SMALL_BODY = 2048;
    /** Requests decoded ahead of their responses at most before reading pauses. */
    private static final int MAX_PIPELINED = 64;
    private final ServerConnection connection;
    private final GatheringWriter output;
    private final long requestBufferLimit;
    private final Http1Timeouts timeouts;
    private ChannelHandlerContext ctx;
    /** Exchanges whose response is not complete yet, oldest first. */
    private final ArrayDeque<Http1Exchange> active = new ArrayDeque<>();
    /** The exchange whose request body is arriving, or {@code null}. */
    private Http1Exchange receiving;
    /** Body bytes handed to the kernel and not yet consumed by the application. */
    private long unconsumed;
    /** Whether the connection is being closed: nothing more is read. */
    private boolean closing;
    /** Whether further requests are served; not after {@code Connection: close} or an error. */
    private boolean acceptingRequests = true;
    private boolean upgraded;
    private HttpResponseStatus deferredError;
    /** Whether a read batch is being handled, and whether it has a flush to do at its end. */
    private final ReadBatchFlush flushes = new ReadBatchFlush();
    /** Whether a request has arrived on this connection. */
    private boolean anyRequest;
    /** A graceful close waits for the request on its way: it is served, and it is the last. */
    private boolean lastRequest;
    /** The request switching the connection to another protocol, while its body arrives. */
    private ProtocolSwitch switching;

    Http1ConnectionHandler(ServerConnection connection, GatheringWriter output) {
        this.connection = connection;
        this.output = output;
        long max = connection.limits().maxRequestBufferSize();
        this.requestBufferLimit = max < 0 ? Long.MAX_VALUE : max;
        this.timeouts = new Http1Timeouts(connection.limits().keepAliveTimeout().toNanos(),
                connection.limits().requestHeadersTimeout().toNanos(), this::timedOut);
    }

    /** The timeouts between requests, which the decoder tells of arriving bytes. */
    Http1Timeouts timeouts() {
        return timeouts;
    }

    // ---- inbound ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        timeouts.start(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        flushes.reading();
        if (upgraded) {
            onUpgradedBytes((ByteBuf) msg);
            return;
        }
        if (switching != null && switching.onMessage(msg)) {
            return;
        }
        if (msg instanceof HttpRequest request) {
            if (!onRequest(request)) {
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        if (msg instanceof HttpContent content) {
            onContent(content);
        }
    }

    private boolean onRequest(HttpRequest request) {
        if (!acceptingRequests) {
            return false;
        }
        HttpResponseStatus rejection = validate(request);
        if (rejection != null) {
            rejectConnection(rejection);
            return false;
        }
        anyRequest = true;
        Http1Exchange exchange = new Http1Exchange(this, request);
        if (active.isEmpty() && !lastRequest) {
            switching = ProtocolSwitch.offer(this, exchange, connection);
            if (switching != null) {
                // Not dispatched: the body is gathered, then the connection changes hands. Until
                // then the request-headers timeout bounds how long that may take.
                return true;
            }
        }
        timeouts.busy();
        if (lastRequest) {
            exchange.closeAfterResponse = true;
        }
        active.add(exchange);
        receiving = exchange;
        exchange.listener = connection.dispatch(exchange);
        if (exchange.closeAfterResponse) {
            acceptingRequests = false;
        }
        if (active.size() > MAX_PIPELINED) {
            ctx.channel().config().setAutoRead(false);
        }
        return true;
    }

    private HttpResponseStatus validate(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            LOG.debug("Bad request on {}: {}", ctx.channel(), cause.toString());
            if (cause instanceof TooLongHttpLineException) {
                return HttpResponseStatus.REQUEST_URI_TOO_LONG;
            }
            if (cause instanceof TooLongHttpHeaderException) {
                return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            }
            return cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST;
        }
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1 || version.minorVersion() > 1) {
            return HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED;
        }
        HttpHeaders headers = request.headers();
        if (headers.size() > connection.limits().maxRequestHeaderCount()) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        if (version == HttpVersion.HTTP_1_1 && !hasOneHost(headers)) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        if (hasCodingBeforeChunked(headers)) {
            return HttpResponseStatus.NOT_IMPLEMENTED;
        }
        String expect = headers.get(HttpHeaderNames.EXPECT);
        if (expect != null && version == HttpVersion.HTTP_1_1
                && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect)) {
            return HttpResponseStatus.EXPECTATION_FAILED;
        }
        return null;
    }

    /** Whether exactly one Host field is present (counted without building a list). */
    private static boolean hasOneHost(HttpHeaders headers) {
        java.util.Iterator<? extends CharSequence> hosts = headers.valueCharSequenceIterator(HttpHeaderNames.HOST);
        if (!hosts.hasNext()) {
            return false;
        }
        hosts.next();
        return !hosts.hasNext();
    }

    /**
     * Whether {@code Transfer-Encoding} names a coding other than {@code chunked}. The decoder
     * has refused (400) the requests whose last coding is not {@code chunked} or that name it
     * twice, so such a coding comes before {@code chunked}: one this server does not implement
     * (RFC 9112 section 6.1). Empty list elements are ignored, as RFC 9110 section 5.6.1 asks.
     */
    private static boolean hasCodingBeforeChunked(HttpHeaders headers) {
        if (!headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return false;
        }
        int chunked = HttpHeaderValues.CHUNKED.length();
        for (String field : headers.getAll(HttpHeaderNames.TRANSFER_ENCODING)) {
            int start = 0;
            while (start <= field.length()) {
                int comma = field.indexOf(',', start);
                int end = comma < 0 ? field.length() : comma;
                while (start < end && isWhitespace(field.charAt(start))) {
                    start++;
                }
                while (end > start && isWhitespace(field.charAt(end - 1))) {
                    end--;
                }
                if (start < end && !(end - start == chunked
                        && HttpHeaderValues.CHUNKED.regionMatches(true, 0, field, start, chunked))) {
                    return true;
                }
                if (comma < 0) {
                    break;
                }
                start = comma + 1;
            }
        }
        return false;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    private void onContent(HttpContent content) {
        Http1Exchange exchange = receiving;
        if (exchange == null) {
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            content.release();
            receiving = null;
            LOG.debug("Bad request body on {}: {}", ctx.channel(), content.decoderResult().cause().toString());
            active.remove(exchange);
            exchange.listener.onAbort(new java.io.IOException("Malformed request body", content.decoderResult().cause()));
            rejectConnection(HttpResponseStatus.BAD_REQUEST);
            return;
        }
        ByteBuf data = content.content();
        if (data.isReadable()) {
            unconsumed += data.readableBytes();
            exchange.listener.onBody(data);
            if (unconsumed > requestBufferLimit) {
                ctx.channel().config().setAutoRead(false);
            }
        } else {
            content.release();
        }
        if (content instanceof LastHttpContent last) {
            receiving = null;
            HttpHeaders trailers = last.trailingHeaders();
            exchange.listener.onBodyEnd(trailers.isEmpty() ? EmptyTrailers.INSTANCE : new NettyHeaders(trailers));
        }
    }

    private void onUpgradedBytes(ByteBuf bytes) {
        Http1Exchange exchange = active.peek();
        if (exchange == null || !bytes.isReadable()) {
            bytes.release();
            return;
        }
        unconsumed += bytes.readableBytes();
        exchange.listener.onBody(bytes);
        if (unconsumed > requestBufferLimit) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    void bodyRequested(Http1Exchange exchange) {
        if (!exchange.headSent && exchange == receiving
                && exchange.nettyRequest().headers().contains(HttpHeaderNames.EXPECT)) {
            Http1Encoding head = Http1Encoding.begin();
            ResponseHead.writeContinue(head);
            gather(head, 0);
            ctx.flush();
        }
    }

    void bodyConsumed(int bytes) {
        unconsumed -= bytes;
        resumeReadingIfDue();
    }

    private void resumeReadingIfDue() {
        if (!closing && unconsumed <= requestBufferLimit / 2 && active.size() <= MAX_PIPELINED
                && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Flushes once per read batch what the batch's (inline) requests wrote. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        timeouts.readComplete();
        flushes.readComplete(ctx);
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        for (Http1Exchange exchange : active) {
            exchange.listener.onWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /**
     * Answers {@code 101 Switching Protocols} and hands the connection over, once the whole
     * request that asked for it has arrived. Bytes that came after the request (the client's
     * first frames) are passed on to the new protocol.
     */
    void switchProtocol(ProtocolSwitch request) {
        switching = null;
        Http1Encoding head = Http1Encoding.begin();
        ResponseFields upgrade = new ResponseFields();
        upgrade.add(HttpHeaderNames.UPGRADE, request.token());
        ResponseHead.writeSwitch(head, upgrade);
        gather(head, 0);
        ctx.flush();
        ctx.pipeline().remove(Http1ProtocolProvider.CODEC); // what it has not decoded comes here
        ctx.pipeline().remove(output);
        ctx.pipeline().remove(this);
        connection.upgrade(request.token(), request.toUpgradeRequest());
        ByteBuf rest = request.takeReceivedAfter();
        if (rest != null) {
            ctx.channel().pipeline().fireChannelRead(rest).fireChannelReadComplete();
        }
        if (lastRequest) {
            ctx.channel().pipeline().fireUserEventTriggered(GracefulClose.INSTANCE);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        timeouts.stop();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        timeouts.stop();
        if (switching != null) {
            switching.release();
            switching = null;
        }
        ClosedChannelException closed = new ClosedChannelException();
        Http1Exchange exchange;
        while ((exchange = active.poll()) != null) {
            exchange.listener.onAbort(closed);
        }
        receiving = null;
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == GracefulClose.INSTANCE) {
            closeGracefully();
            return;
        }
        if (upgraded && event instanceof ChannelInputShutdownEvent) {
            Http1Exchange exchange = active.peek();
            if (exchange != null) {
                exchange.listener.onBodyEnd(EmptyTrailers.INSTANCE);
            } else {
                ctx.close();
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    /**
     * Serves no new requests, finishes those in flight with {@code Connection: close}, then
     * closes. An idle keep-alive connection closes at once. A connection without a request yet
     * or with a request head arriving is given {@link GracefulClose#FIRST_REQUEST_GRACE_MILLIS}
     * for that request, which is then served as its last; closing it at once would reset a
     * request the client had already sent.
     */
    private void closeGracefully() {
        if (active.isEmpty() && (!anyRequest || timeouts.receivingHead())) {
            lastRequest = true;
            ctx.executor().schedule(() -> {
                if (active.isEmpty() && !closing && !ctx.isRemoved()) {
                    closing = true;
                    ctx.close();
                }
            }, GracefulClose.FIRST_REQUEST_GRACE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            return;
        }
        acceptingRequests = false;
        if (active.isEmpty()) {
            closing = true;
            ctx.close();
            return;
        }
        for (Http1Exchange exchange : active) {
            exchange.closeAfterResponse = true;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException) {
            LOG.debug("Connection {} failed: {}", ctx.channel(), cause.toString());
        } else {
            connection.unexpected(cause);
        }
        ctx.close();
    }

    // ---- outbound (called by exchanges on the event loop) ----

    void sendHead(Http1Exchange exchange, int status, ResponseFraming rules, ByteBuf body, boolean end) {
        exchange.headSent = true;
        int bodySize = body == null ? 0 : body.readableBytes();
        Http1Encoding head = Http1Encoding.begin();
        exchange.framing = ResponseHead.write(head, exchange, status, rules);
        boolean copyBody = end && bodySize <= SMALL_BODY;
        ByteBuf out = gather(head, copyBody ? bodySize : 0);
        if (body == null) {
            body = Unpooled.EMPTY_BUFFER;
        } else if (copyBody) {
            out.writeBytes(body);
            body.release();
            body = Unpooled.EMPTY_BUFFER;
        }
        sendBody(exchange, body, end);
    }

    void sendBody(Http1Exchange exchange, ByteBuf body, boolean end) {
        if (upgraded) {
            if (body.isReadable()) {
                ctx.write(body);
            } else {
                body.release();
            }
            if (end) {
                exchange.ended = true;
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
            return;
        }
        ResponseHead.Framing framing = exchange.framing;
        int size = body.readableBytes();
        if (size == 0) {
            body.release();
        } else {
            boolean chunked = framing == ResponseHead.Framing.CHUNKED;
            if (chunked) {
                gather(Http1Encoding.begin().chunkStart(size), 0);
            }
            ctx.write(body).addListener(done -> {
                if (done.isSuccess()) {
                    exchange.bodySent += size;
                }
            });
            if (chunked) {
                gather(Http1Encoding.begin().lineEnd(), 0);
            }
        }
        if (end) {
            if (framing == ResponseHead.Framing.CHUNKED) {
                gather(Http1Encoding.begin().lastChunk(exchange.responseTrailersIfAny()), 0);
            }
            completed(exchange);
        }
    }

    /** Hands what is encoded to the output; returns the output buffer, with room for {@code more} bytes. */
    private ByteBuf gather(Http1Encoding encoded, int more) {
        ByteBuf out = output.buffer(encoded.length() + more);
        encoded.writeTo(out);
        return out;
    }

    /**
     * Flushes, or during a read batch marks the flush for the batch's end (so pipelined inline
     * responses go out in one write); a connection that stops being writable flushes at once.
     */
    void flush() {
        flushes.flush(ctx);
    }

    boolean isWritable() {
        return ctx.channel().isWritable();
    }

    void abort(Throwable cause) {
        LOG.debug("Connection {} aborted: {}", ctx.channel(), cause.toString());
        closing = true;
        flushes.flushPending(ctx);
        ctx.close();
    }

    void switchProtocols(Http1Exchange exchange) {
        exchange.headSent = true;
        Http1Encoding head = Http1Encoding.begin();
        ResponseHead.writeSwitch(head, exchange.responseHeadersIfAny());
        gather(head, 0);
        ctx.flush();
        upgraded = true;
        receiving = null;
        ctx.pipeline().remove(Http1ProtocolProvider.CODEC);
        // The client closing its side ends the upgraded input, not the connection: the
        // application may still answer (UpgradedConnection.input() reaches end of stream).
        ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }

    EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    // ---- lifecycle ----

    private void completed(Http1Exchange exchange) {
        exchange.ended = true;
        active.remove(exchange);
        if (exchange.closeAfterResponse) {
            closing = true;
            acceptingRequests = false;
            ctx.write(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            abortOthers();
            return;
        }
        if (active.isEmpty() && deferredError != null) {
            writeErrorAndClose(deferredError);
            return;
        }
        resumeReadingIfDue();
        if (active.isEmpty()) {
            timeouts.waiting();
        }
    }

    /**
     * The kernel decided to close after a response that has already been written (the
     * application sent it, then left a large body unread): if that body is still arriving,
     * stop reading it and close once the response is out, rather than read it all.
     */
    void closeAfterEndedResponse(Http1Exchange exchange) {
        if (exchange != receiving || closing) {
            return;
        }
        receiving = null;
        closing = true;
        acceptingRequests = false;
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** Answers a request that cannot be served and closes once earlier responses are out. */
    private void rejectConnection(HttpResponseStatus status) {
        acceptingRequests = false;
        closing = true;
        ctx.channel().config().setAutoRead(false);
        if (active.isEmpty()) {
            writeErrorAndClose(status);
        } else {
            deferredError = status;
        }
    }

    private void writeErrorAndClose(HttpResponseStatus status) {
        closing = true;
        Http1Encoding head = Http1Encoding.begin();
        ResponseHead.writeRefusal(head, status.code(), connection.addServerHeader());
        gather(head, 0);
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void abortOthers() {
        ClosedChannelException closed = new ClosedChannelException();
        Http1Exchange other;
        while ((other = active.poll()) != null) {
            other.listener.onAbort(closed);
        }
    }

    private void timedOut(Http1Timeouts.Phase phase) {
        if (phase == Http1Timeouts.Phase.HEADERS) {
            LOG.debug("Closing {}: request headers not received within the request-headers timeout", ctx.channel());
            rejectConnection(HttpResponseStatus.REQUEST_TIMEOUT);
        } else {
            LOG.debug("Closing {}: idle beyond the keep-alive timeout", ctx.channel());
            closing = true;
            ctx.close();
        }
    }

    /** Trailers of a body that had none. */
    private static final class EmptyTrailers {
        static final Headers INSTANCE = new NettyHeaders(EmptyHttpHeaders.INSTANCE);
    }
}
