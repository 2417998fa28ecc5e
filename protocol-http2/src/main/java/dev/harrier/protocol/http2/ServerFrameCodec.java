package dev.harrier.protocol.http2;

import dev.harrier.http.Http2Limits;
import dev.harrier.http.ServerLimits;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;

/** Netty's HTTP/2 frame codec, configured from the server's limits. */
final class ServerFrameCodec {

    private ServerFrameCodec() {
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
        return Http2Hardening.limit(Http2FrameCodecBuilder.forServer())
                .initialSettings(settings)
                .validateHeaders(true)
                .validateRequiredPseudoHeaders(true)
                .decoupleCloseAndGoAway(true)
                .build();
    }
}
