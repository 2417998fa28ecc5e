package dev.harrier.protocol.http2;

import dev.harrier.spi.ServerConnection;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodec;

/**
 * What an HTTP/2 connection needs around its frame codec to stop attacks, beyond the guards the
 * codec itself has ({@link ServerFrameCodecBuilder}): the check for responses held back by
 * closed flow-control windows ({@link StalledWindows}), the report of each attack stopped to the
 * kernel ({@link AttackReport}), and a close that lets the GOAWAY reach the client
 * ({@link LingeringClose}).
 */
final class Http2Hardening {

    private Http2Hardening() {
    }

    /**
     * Adds them around a frame codec already in the pipeline; the streams tell the stalled-window
     * check when their responses end.
     */
    static StalledWindows install(ChannelPipeline pipeline, Http2FrameCodec codec, ServerConnection connection) {
        ChannelHandlerContext codecContext = pipeline.context(codec);
        StalledWindows stalledWindows = new StalledWindows(codec, codecContext, connection.limits().minResponseDataRate());
        pipeline.addBefore(codecContext.name(), null, new LingeringClose(codec.connection()));
        pipeline.addAfter(codecContext.name(), null, stalledWindows);
        codec.connection().addListener(new AttackReport(connection));
        return stalledWindows;
    }
}
