package dev.harrier.protocol.http2;

import dev.harrier.spi.ServerConnection;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;

/**
 * The defences of an HTTP/2 connection against known attacks, with their fixed limits (Kestrel
 * has no settings for them). Netty's own guards are set on the frame codec; what Netty lacks is
 * added around it: a PRIORITY frame budget, the check for responses held back by closed
 * flow-control windows, the report of each attack stopped to the kernel, and a close that lets
 * the GOAWAY reach the client. Each attack ends the connection with GOAWAY ENHANCE_YOUR_CALM
 * (a header block over the size limit: PROTOCOL_ERROR).
 */
final class Http2Hardening {

    /** RST_STREAM frames a client may send per window (rapid reset). */
    static final int MAX_RESETS_RECEIVED = 200;
    /**
     * Streams the server may reset per window because of the client's frames (MadeYouReset):
     * resets with a code other than NO_ERROR and CANCEL, as Netty counts them.
     */
    static final int MAX_RESETS_PROVOKED = 200;
    static final int RESET_WINDOW_SECONDS = 30;
    /** CONTINUATION frames under 8 KiB a header block may take. */
    static final int MAX_SMALL_CONTINUATION_FRAMES = 16;
    /** Consecutive DATA frames without data and without END_STREAM. */
    static final int MAX_CONSECUTIVE_EMPTY_DATA_FRAMES = 2;
    /** Answers (SETTINGS and PING acknowledgements, resets) queued for a client that does not read. */
    static final int MAX_QUEUED_CONTROL_FRAMES = 10_000;

    private Http2Hardening() {
    }

    /** Netty's guards, with the limits above. */
    static Http2FrameCodecBuilder limit(Http2FrameCodecBuilder builder) {
        return builder
                .decoderEnforceMaxRstFramesPerWindow(MAX_RESETS_RECEIVED, RESET_WINDOW_SECONDS)
                .encoderEnforceMaxRstFramesPerWindow(MAX_RESETS_PROVOKED, RESET_WINDOW_SECONDS)
                .decoderEnforceMaxSmallContinuationFrames(MAX_SMALL_CONTINUATION_FRAMES)
                .decoderEnforceMaxConsecutiveEmptyDataFrames(MAX_CONSECUTIVE_EMPTY_DATA_FRAMES)
                .encoderEnforceMaxQueuedControlFrames(MAX_QUEUED_CONTROL_FRAMES);
    }

    /**
     * Adds the defences Netty lacks around a frame codec already in the pipeline: before it, the
     * lingering close; after it, the report of attacks; in its frame listener, the PRIORITY
     * budget and the flow-control check.
     */
    static void install(ChannelPipeline pipeline, Http2FrameCodec codec, ServerConnection connection) {
        ChannelHandlerContext codecContext = pipeline.context(codec);
        pipeline.addBefore(codecContext.name(), null, new LingeringClose(codec.connection()));
        pipeline.addAfter(codecContext.name(), null, new AttackReport(codec.connection(), connection));
        Http2ConnectionDecoder decoder = codec.decoder();
        decoder.frameListener(new StalledWindows(decoder.frameListener(), codec, codecContext,
                connection.limits().minResponseDataRate()));
        decoder.frameListener(new PriorityBudget(decoder.frameListener()));
    }
}
