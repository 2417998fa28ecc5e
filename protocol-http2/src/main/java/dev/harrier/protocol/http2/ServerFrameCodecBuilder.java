package dev.harrier.protocol.http2;

import dev.harrier.http.Http2Limits;
import dev.harrier.http.ServerLimits;
import io.netty.handler.codec.http2.DecoratingHttp2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2Settings;

/**
 * Builds Netty's HTTP/2 frame codec for a server, configured from the server's limits and with the
 * protections against the known HTTP/2 attacks switched on:
 * <ul>
 * <li>rapid reset (CVE-2023-44487): at most {@value #MAX_RST_PER_WINDOW} RST_STREAM frames from
 *     the client per {@value #RST_WINDOW_SECONDS} s;
 * <li>MadeYouReset (CVE-2025-8671): as many resets sent by the server, however the client
 *     provokes them;
 * <li>CONTINUATION flood (CVE-2024-27316): a header block is bounded by the header list size,
 *     and at most {@value #MAX_SMALL_CONTINUATIONS} small CONTINUATION frames make one;
 * <li>empty DATA frames (CVE-2019-9518): at most {@value #MAX_EMPTY_DATA} in a row;
 * <li>PING and SETTINGS floods whose answers the client does not read (CVE-2019-9512,
 *     CVE-2019-9515): at most {@value #MAX_QUEUED_CONTROL_FRAMES} answers queued;
 * <li>PRIORITY, PING, SETTINGS and unknown frames read in bulk: {@link FloodGuard};
 * </ul>
 * Each of them ends the connection with GOAWAY(ENHANCE_YOUR_CALM), which
 * {@link Http2ConnectionLifecycle} logs with its reason. An HPACK bomb is refused on its stream
 * (431): the decoder stops adding fields at the header list size. Zero-window holds
 * (CVE-2019-9517) are the minimum response data rate's: a stream the client does not open its
 * window for is reset.
 */
final class ServerFrameCodecBuilder extends Http2FrameCodecBuilder {

    static final int MAX_RST_PER_WINDOW = 200;
    static final int RST_WINDOW_SECONDS = 30;
    static final int MAX_SMALL_CONTINUATIONS = 16;
    static final int MAX_EMPTY_DATA = 2;
    static final int MAX_QUEUED_CONTROL_FRAMES = 10_000;

    private final HeadersBeingRead headersBeingRead = new HeadersBeingRead();

    private ServerFrameCodecBuilder() {
        server(true);
        frameLogger(headersBeingRead);
    }

    /**
     * A server codec whose SETTINGS announce the limits. The stream window is left out of them
     * on purpose (see {@link Http2ConnectionLifecycle}); close() closes at once, as the kernel
     * expects at its shutdown deadline: graceful stops send their own GOAWAY frames.
     */
    static Http2FrameCodec create(ServerLimits limits) {
        Http2Limits http2 = limits.http2();
        Http2Settings settings = new Http2Settings()
                .maxConcurrentStreams(http2.maxStreamsPerConnection())
                .headerTableSize(http2.headerTableSize())
                .maxFrameSize(http2.maxFrameSize())
                .maxHeaderListSize(limits.maxRequestHeadersTotalSize());
        return new ServerFrameCodecBuilder()
                .initialSettings(settings)
                .validateHeaders(true)
                .validateRequiredPseudoHeaders(true)
                .decoupleCloseAndGoAway(true)
                .decoderEnforceMaxRstFramesPerWindow(MAX_RST_PER_WINDOW, RST_WINDOW_SECONDS)
                .encoderEnforceMaxRstFramesPerWindow(MAX_RST_PER_WINDOW, RST_WINDOW_SECONDS)
                .decoderEnforceMaxSmallContinuationFrames(MAX_SMALL_CONTINUATIONS)
                .decoderEnforceMaxConsecutiveEmptyDataFrames(MAX_EMPTY_DATA)
                .encoderEnforceMaxQueuedControlFrames(MAX_QUEUED_CONTROL_FRAMES)
                .build();
    }

    /**
     * Reads every frame through a {@link FloodGuard}, and answers frames on streams that are gone
     * by how they ended ({@link ClosedStreams}).
     */
    @Override
    protected Http2FrameCodec build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
            Http2Settings initialSettings) {
        return super.build(new DecoratingHttp2ConnectionDecoder(new ClosedStreams(decoder, headersBeingRead)) {
            @Override
            public void frameListener(Http2FrameListener listener) {
                super.frameListener(new FloodGuard(listener));
            }
        }, encoder, initialSettings);
    }
}
