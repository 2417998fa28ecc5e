package dev.harrier.protocol.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import java.util.concurrent.TimeUnit;

/**
 * A budget of PRIORITY frames per window of time, which Netty does not limit: a client sending
 * more (CVE-2019-9513) is a connection error ENHANCE_YOUR_CALM. Browsers send a handful per
 * page, if any.
 */
final class PriorityBudget extends Http2FrameListenerDecorator {

    /** The start of the GOAWAY reason, by which the attack is recognised. */
    static final String REASON = "More PRIORITY frames than allowed";
    static final int MAX_FRAMES = 1000;
    static final int WINDOW_SECONDS = 30;
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);

    private long windowStart = System.nanoTime();
    private int frames;

    PriorityBudget(Http2FrameListener listener) {
        super(listener);
    }

    @Override
    public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight,
            boolean exclusive) throws Http2Exception {
        long now = System.nanoTime();
        if (now - windowStart >= WINDOW_NANOS) {
            windowStart = now;
            frames = 0;
        }
        if (++frames > MAX_FRAMES) {
            throw Http2Exception.connectionError(Http2Error.ENHANCE_YOUR_CALM, "%s: %d in %d seconds", REASON,
                    MAX_FRAMES, WINDOW_SECONDS);
        }
        super.onPriorityRead(ctx, streamId, streamDependency, weight, exclusive);
    }
}
