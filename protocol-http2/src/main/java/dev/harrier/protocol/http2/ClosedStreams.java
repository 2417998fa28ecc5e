package dev.harrier.protocol.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DecoratingHttp2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * The rules of RFC 9113 §5.1 for frames on a client stream whose request has ended. Netty's
 * decoder no longer knows how a stream that is gone from the connection ended, and answers
 * HEADERS or DATA on it with a stream error STREAM_CLOSED whatever the case; this decoder
 * remembers enough to answer as the RFC says:
 * <ul>
 * <li>HEADERS on a stream still open whose request has ended (half-closed remote): stream error
 *     STREAM_CLOSED, where Netty says PROTOCOL_ERROR for a stream opened with END_STREAM;
 * <li>a stream that ended both ways (END_STREAM sent and received): connection error
 *     STREAM_CLOSED;
 * <li>a stream id the client passed over when it opened a higher one (§5.1.1: a new stream
 *     below one already opened): connection error PROTOCOL_ERROR;
 * <li>a stream the client reset: stream error STREAM_CLOSED, as Netty answers;
 * <li>a stream the server reset: the frame is discarded, as the client may have sent it before
 *     it saw the reset (Netty has already counted DATA against the connection's window).
 * </ul>
 * It remembers the last {@value #REMEMBERED} resets and passed-over ranges (in memory taken at the
 * first of them); a stream beyond that memory is taken for one that ended both ways.
 */
final class ClosedStreams extends DecoratingHttp2ConnectionDecoder {

    static final int REMEMBERED = 64;

    private final Http2Connection connection;
    private final HeadersBeingRead headersBeingRead;
    /** The last resets: a client-reset stream's id, a server-reset one's negated. */
    private final Ring resets = new Ring();
    /** The last ranges of ids the client passed over, each as first id and last id. */
    private final Ring passedOver = new Ring();
    private int lastOpened = -1;

    ClosedStreams(Http2ConnectionDecoder delegate, HeadersBeingRead headersBeingRead) {
        super(delegate);
        this.connection = delegate.connection();
        this.headersBeingRead = headersBeingRead;
        connection.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamAdded(Http2Stream stream) {
                headersBeingRead.opened(stream.id());
                opened(stream.id());
            }

            @Override
            public void onStreamClosed(Http2Stream stream) {
                if (stream.isResetSent()) {
                    resets.add(-stream.id());
                }
            }
        });
    }

    @Override
    public void frameListener(Http2FrameListener listener) {
        super.frameListener(new Http2FrameListenerDecorator(listener) {
            @Override
            public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                    boolean endOfStream) throws Http2Exception {
                headersBeingRead.handedOn();
                super.onHeadersRead(ctx, streamId, headers, padding, endOfStream);
            }

            @Override
            public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                    short weight, boolean exclusive, int padding, boolean endOfStream) throws Http2Exception {
                headersBeingRead.handedOn();
                super.onHeadersRead(ctx, streamId, headers, streamDependency, weight, exclusive, padding, endOfStream);
            }

            @Override
            public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) throws Http2Exception {
                if (connection.stream(streamId) != null) {
                    resets.add(streamId);
                }
                super.onRstStreamRead(ctx, streamId, errorCode);
            }
        });
    }

    @Override
    public void decodeFrame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Http2Exception {
        try {
            super.decodeFrame(ctx, in, out);
        } catch (Http2Exception.StreamException e) {
            Http2Exception answer = answerFor(e);
            if (answer != null) {
                throw answer;
            }
        }
    }

    private void opened(int id) {
        if (!connection.remote().isValidStreamId(id)) {
            return;
        }
        int expected = lastOpened + 2;
        if (id > expected) {
            passedOver.add((long) expected << 32 | (id - 2));
        }
        lastOpened = id;
    }

    /** The answer to a stream error Netty raised, or null when the frame is to be discarded. */
    private Http2Exception answerFor(Http2Exception.StreamException error) {
        int id = error.streamId();
        Http2Stream stream = connection.stream(id);
        if (stream != null) {
            // Netty calls it PROTOCOL_ERROR when the stream was opened with END_STREAM.
            return stream.state() == Http2Stream.State.HALF_CLOSED_REMOTE && headersBeingRead.refusedAfterTheFirst(id)
                    ? Http2Exception.streamError(id, Http2Error.STREAM_CLOSED, "HEADERS on stream %d after its end", id)
                    : error;
        }
        if (error.error() != Http2Error.STREAM_CLOSED || id > lastOpened) {
            return error;
        }
        if (passedOver.any(range -> (int) (range >>> 32) <= id && id <= (int) range)) {
            return Http2Exception.connectionError(Http2Error.PROTOCOL_ERROR,
                    "Stream %d opened after a higher one (%d)", id, lastOpened);
        }
        if (resets.any(reset -> reset == id)) {
            return error;
        }
        if (resets.any(reset -> reset == -id)) {
            return null;
        }
        return Http2Exception.connectionError(Http2Error.STREAM_CLOSED, "A frame on stream %d after it ended", id);
    }

    /** The last {@value #REMEMBERED} values added; its array is made at the first. */
    private static final class Ring {
        private long[] values;
        private int added;

        void add(long value) {
            if (values == null) {
                values = new long[REMEMBERED];
            }
            values[added++ % REMEMBERED] = value;
            if (added == 2 * REMEMBERED) {
                added = REMEMBERED;
            }
        }

        boolean any(LongPredicate test) {
            for (int i = 0; i < Math.min(added, REMEMBERED); i++) {
                if (test.test(values[i])) {
                    return true;
                }
            }
            return false;
        }
    }
}
