package dev.harrier.protocol.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kestrel's HTTP/2 keep-alive ping: when nothing has arrived on a connection for the ping delay,
 * the server sends a PING; when nothing (the PING's acknowledgement or any other frame) arrives
 * within the ping timeout after it, the client is gone and the connection is closed. Sits in
 * front of the frame codec, so that every byte read counts.
 */
final class KeepAlivePing extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(KeepAlivePing.class);
    /** The payload of keep-alive PINGs: "KEEPLIVE". */
    private static final long PAYLOAD = 0x4b4545504c495645L;

    private final long delayNanos;
    private final long timeoutNanos;
    private long lastRead;
    /** When the unanswered PING was sent, or 0. */
    private long pingSentAt;
    private ScheduledFuture<?> check;

    KeepAlivePing(long delayNanos, long timeoutNanos) {
        this.delayNanos = delayNanos;
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        lastRead = System.nanoTime();
        schedule(ctx, delayNanos);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastRead = System.nanoTime();
        pingSentAt = 0;
        ctx.fireChannelRead(msg);
    }

    private void schedule(ChannelHandlerContext ctx, long nanos) {
        check = ctx.executor().schedule(() -> check(ctx), nanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (pingSentAt != 0) {
            if (now - pingSentAt >= timeoutNanos) {
                LOG.info("Closing {}: no frame within the keep-alive ping timeout", ctx.channel());
                ctx.close();
                return;
            }
            schedule(ctx, pingSentAt + timeoutNanos - now);
        } else if (now - lastRead >= delayNanos) {
            pingSentAt = now;
            // From the end of the pipeline, so that the frame codec encodes it.
            ctx.channel().writeAndFlush(new DefaultHttp2PingFrame(PAYLOAD));
            schedule(ctx, timeoutNanos);
        } else {
            schedule(ctx, lastRead + delayNanos - now);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (check != null) {
            check.cancel(false);
        }
        ctx.fireChannelInactive();
    }
}
