package dev.harrier.protocol.http2;

import dev.harrier.http.Http2Limits;
import dev.harrier.spi.GracefulClose;
import dev.harrier.spi.ServerConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.DefaultHttp2SettingsFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of an HTTP/2 connection around its streams: opens the flow-control windows to the
 * configured sizes, closes a connection without streams after the keep-alive timeout, and on a
 * graceful stop lets the streams in flight finish while refusing new ones.
 *
 * <p>A graceful stop follows RFC 9113 section 6.8: a GOAWAY with the largest stream id and a
 * PING, so that requests the client sent meanwhile are still served; when the PING comes back
 * (or after {@value #GRACEFUL_ACK_WAIT_MILLIS} ms) a GOAWAY with the last stream actually
 * opened; the connection closes once those streams are done.
 */
final class Http2ConnectionLifecycle extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(Http2ConnectionLifecycle.class);
    /** The payload of the PING that times a graceful stop: "HARRIER!". */
    private static final long GRACEFUL_PING = 0x4841525249455221L;
    private static final long GRACEFUL_ACK_WAIT_MILLIS = 1000;

    private final Http2Connection http2;
    private final ServerConnection connection;
    private final long keepAliveNanos;
    private ChannelHandlerContext ctx;
    private long idleSince;
    private ScheduledFuture<?> idleCheck;
    private boolean draining;
    private boolean lastGoAwaySent;
    private ScheduledFuture<?> ackWait;

    Http2ConnectionLifecycle(Http2Connection http2, ServerConnection connection) {
        this.http2 = http2;
        this.connection = connection;
        this.keepAliveNanos = connection.limits().keepAliveTimeout().toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        openWindows(connection.limits().http2());
        http2.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                if (http2.numActiveStreams() == 0) {
                    becameIdle();
                }
            }

            @Override
            public void onGoAwaySent(int lastStreamId, long errorCode, ByteBuf debugData) {
                String reason = debugData.toString(StandardCharsets.UTF_8);
                // An attack is logged by the kernel, throttled (AttackReport).
                if (errorCode != Http2Error.NO_ERROR.code() && AttackReasons.of(errorCode, reason) == null) {
                    Http2Error error = Http2Error.valueOf(errorCode);
                    LOG.info("HTTP/2 connection {} ends with {}: {}", ctx.channel(), error == null ? errorCode : error,
                            reason);
                }
            }
        });
        becameIdle();
    }

    /**
     * The server's SETTINGS carry everything but the stream window, so that Netty leaves the
     * connection window alone: both are set here, the stream window with a second SETTINGS
     * frame and the connection window with a WINDOW_UPDATE, to exactly the configured sizes.
     */
    private void openWindows(Http2Limits limits) {
        if (limits.initialStreamWindowSize() != Http2CodecUtil.DEFAULT_WINDOW_SIZE) {
            ctx.write(new DefaultHttp2SettingsFrame(new Http2Settings().initialWindowSize(limits.initialStreamWindowSize())));
        }
        int increment = limits.initialConnectionWindowSize() - Http2CodecUtil.DEFAULT_WINDOW_SIZE;
        if (increment > 0) {
            ctx.write(new DefaultHttp2WindowUpdateFrame(increment));
        }
        ctx.flush();
    }

    // ---- keep-alive timeout ----

    private void becameIdle() {
        idleSince = System.nanoTime();
        if (lastGoAwaySent) {
            closeWhenWritten();
        } else if (idleCheck == null) {
            idleCheck = ctx.executor().schedule(this::checkIdle, keepAliveNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void checkIdle() {
        idleCheck = null;
        if (!ctx.channel().isActive() || http2.numActiveStreams() > 0) {
            return; // the last stream to close arms the check again
        }
        long idle = System.nanoTime() - idleSince;
        if (idle >= keepAliveNanos) {
            LOG.debug("Closing {}: no stream for longer than the keep-alive timeout", ctx.channel());
            ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR)).addListener(ChannelFutureListener.CLOSE);
        } else {
            idleCheck = ctx.executor().schedule(this::checkIdle, keepAliveNanos - idle, TimeUnit.NANOSECONDS);
        }
    }

    // ---- graceful stop ----

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == GracefulClose.INSTANCE) {
            beginGracefulClose();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    private void beginGracefulClose() {
        if (draining || !ctx.channel().isActive()) {
            return;
        }
        draining = true;
        ctx.write(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR).setExtraStreamIds(Integer.MAX_VALUE));
        ctx.writeAndFlush(new DefaultHttp2PingFrame(GRACEFUL_PING));
        ackWait = ctx.executor().schedule(this::sendLastGoAway, GRACEFUL_ACK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sendLastGoAway() {
        if (lastGoAwaySent || !ctx.channel().isActive()) {
            return;
        }
        lastGoAwaySent = true;
        ackWait.cancel(false);
        ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
        if (http2.numActiveStreams() == 0) {
            closeWhenWritten();
        }
    }

    /** Closes once everything written so far has reached the socket. */
    private void closeWhenWritten() {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2PingFrame ping && ping.ack() && ping.content() == GRACEFUL_PING && draining) {
            sendLastGoAway();
        }
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        if (ackWait != null) {
            ackWait.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    /**
     * A connection error of the client's making is answered by Netty with a GOAWAY, logged with
     * its reason when it is sent, and a close. Anything else is a failure of the server.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Http2Exception http2Error = Http2CodecUtil.getEmbeddedHttp2Exception(cause);
        if (http2Error != null) {
            LOG.debug("HTTP/2 connection {} failed", ctx.channel(), cause);
            return;
        }
        if (cause instanceof java.io.IOException) {
            LOG.debug("Connection {} failed: {}", ctx.channel(), cause.toString());
        } else {
            connection.unexpected(cause);
        }
        ctx.close();
    }
}
