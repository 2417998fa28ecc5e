package dev.harrier.protocol.http2;

import dev.harrier.spi.EventBudget;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.netty.handler.codec.http2.Http2Settings;
import java.util.concurrent.TimeUnit;

/**
 * Limits the frames that cost the server work without carrying a request, which Netty does not
 * limit itself: PRIORITY (CVE-2019-9513), PING and SETTINGS that the client reads the answers to
 * (CVE-2019-9512, CVE-2019-9515; Netty limits them only while the answers queue up), and frames
 * of unknown types. Beyond {@value #MAX_PER_WINDOW} of one kind within
 * {@value #WINDOW_SECONDS} seconds the connection ends with GOAWAY(ENHANCE_YOUR_CALM).
 */
final class FloodGuard extends Http2FrameListenerDecorator {

    static final int MAX_PER_WINDOW = 1000;
    static final int WINDOW_SECONDS = 30;

    private final Budget priority = new Budget("PRIORITY");
    private final Budget ping = new Budget("PING");
    private final Budget settings = new Budget("SETTINGS");
    private final Budget unknown = new Budget("unknown");

    FloodGuard(Http2FrameListener listener) {
        super(listener);
    }

    @Override
    public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight,
            boolean exclusive) throws Http2Exception {
        priority.spend();
        super.onPriorityRead(ctx, streamId, streamDependency, weight, exclusive);
    }

    @Override
    public void onPingRead(ChannelHandlerContext ctx, long data) throws Http2Exception {
        ping.spend();
        super.onPingRead(ctx, data);
    }

    @Override
    public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings received) throws Http2Exception {
        settings.spend();
        super.onSettingsRead(ctx, received);
    }

    @Override
    public void onUnknownFrame(ChannelHandlerContext ctx, byte frameType, int streamId, Http2Flags flags,
            ByteBuf payload) throws Http2Exception {
        unknown.spend();
        super.onUnknownFrame(ctx, frameType, streamId, flags, payload);
    }

    /** The frames of one kind allowed in the current window. */
    private static final class Budget {
        private final String kind;
        private final EventBudget budget = new EventBudget(MAX_PER_WINDOW, WINDOW_SECONDS, TimeUnit.SECONDS);

        Budget(String kind) {
            this.kind = kind;
        }

        void spend() throws Http2Exception {
            if (!budget.spend()) {
                throw Http2Exception.connectionError(Http2Error.ENHANCE_YOUR_CALM,
                        "More than %d %s frames within %d seconds", MAX_PER_WINDOW, kind, WINDOW_SECONDS);
            }
        }
    }
}
