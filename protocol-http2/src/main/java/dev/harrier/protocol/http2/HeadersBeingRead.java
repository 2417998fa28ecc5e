package dev.harrier.protocol.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.logging.LogLevel;

/**
 * The stream of the HEADERS frame Netty's decoder is handling, from the moment the frame is read
 * until the decoder hands it on ({@link #handedOn()}): what {@link ClosedStreams} needs to tell a
 * stream error raised by that frame from one raised by another frame of the stream. Netty's
 * frame logger is the one view of each frame as it is read; this one logs nothing.
 */
final class HeadersBeingRead extends Http2FrameLogger {

    private int stream;
    private boolean opening;

    HeadersBeingRead() {
        super(LogLevel.TRACE, HeadersBeingRead.class);
    }

    @Override
    public boolean isEnabled() {
        return false;
    }

    @Override
    public void logHeaders(Direction direction, ChannelHandlerContext ctx, int streamId, Http2Headers headers,
            int padding, boolean endStream) {
        read(direction, streamId);
    }

    @Override
    public void logHeaders(Direction direction, ChannelHandlerContext ctx, int streamId, Http2Headers headers,
            int streamDependency, short weight, boolean exclusive, int padding, boolean endStream) {
        read(direction, streamId);
    }

    private void read(Direction direction, int streamId) {
        if (direction == Direction.INBOUND) {
            stream = streamId;
            opening = false;
        }
    }

    /** The decoder made a new stream. */
    void opened(int streamId) {
        opening = streamId == stream;
    }

    /** The decoder accepted the frame. */
    void handedOn() {
        stream = 0;
    }

    /** Whether a HEADERS frame of this stream, not its first, was read and not accepted. */
    boolean refusedAfterTheFirst(int streamId) {
        return stream == streamId && !opening;
    }
}
