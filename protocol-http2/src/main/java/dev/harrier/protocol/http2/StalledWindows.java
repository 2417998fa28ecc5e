package dev.harrier.protocol.http2;

import dev.harrier.http.DataRate;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The minimum response data rate on HTTP/2, where a client holds responses back with its
 * flow-control windows rather than by not reading the socket (a zero window, CVE-2019-9517).
 * While response data waits, every second it measures how many bytes left for each stream and
 * for the connection (from the windows and the WINDOW_UPDATEs in between): a stream whose
 * response moves slower than {@code minResponseDataRate} is reset (RST_STREAM CANCEL), and when
 * the connection as a whole does, so that every waiting response is stuck, the connection ends
 * with GOAWAY ENHANCE_YOUR_CALM.
 *
 * <p>The first second a response waits is not measured: the kernel watches a response the
 * application is still writing on the same rate (and resets its stream), and acts first.
 */
final class StalledWindows extends Http2FrameListenerDecorator {

    private static final Logger LOG = LoggerFactory.getLogger(StalledWindows.class);
    /** The start of the GOAWAY reason, by which the attack is recognised. */
    static final String REASON = "Responses held back below the minimum data rate by flow-control windows";
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Http2FrameCodec codec;
    private final ChannelHandlerContext ctx;
    private final Http2Connection http2;
    private final Http2RemoteFlowController flow;
    private final DataRate minRate;
    private final Http2Connection.PropertyKey progressKey;
    /** The connection's progress while some response waits, else {@code null}. */
    private Progress connectionProgress;
    private ScheduledFuture<?> check;
    private long lastCheck;

    StalledWindows(Http2FrameListener listener, Http2FrameCodec codec, ChannelHandlerContext codecContext,
            DataRate minRate) {
        super(listener);
        this.codec = codec;
        this.ctx = codecContext;
        this.http2 = codec.connection();
        this.flow = codec.encoder().flowController();
        this.minRate = minRate;
        this.progressKey = http2.newKey();
        http2.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamActive(Http2Stream stream) {
                if (check == null) {
                    lastCheck = System.nanoTime();
                    check = ctx.executor().schedule(StalledWindows.this::check, CHECK_NANOS, TimeUnit.NANOSECONDS);
                }
            }
        });
    }

    @Override
    public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement)
            throws Http2Exception {
        Progress progress = streamId == Http2CodecUtil.CONNECTION_STREAM_ID ? connectionProgress : progress(streamId);
        if (progress != null) {
            progress.credit(windowSizeIncrement);
        }
        super.onWindowUpdateRead(ctx, streamId, windowSizeIncrement);
    }

    /** A new initial window moves every stream's window: measuring starts again from there. */
    @Override
    public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) throws Http2Exception {
        super.onSettingsRead(ctx, settings);
        if (settings.initialWindowSize() != null) {
            http2.forEachActiveStream(stream -> {
                Progress progress = stream.getProperty(progressKey);
                if (progress != null) {
                    progress.rebase(flow.windowSize(stream));
                }
                return true;
            });
        }
    }

    private Progress progress(int streamId) {
        Http2Stream stream = http2.stream(streamId);
        return stream == null ? null : stream.getProperty(progressKey);
    }

    private void check() {
        check = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        long elapsed = now - lastCheck;
        lastCheck = now;
        List<Http2Stream> waiting = waitingStreams();
        List<Http2Stream> stalled = new ArrayList<>();
        for (Http2Stream stream : waiting) {
            Progress progress = stream.getProperty(progressKey);
            if (progress == null) {
                stream.setProperty(progressKey, new Progress(flow.windowSize(stream)));
            } else if (progress.measure(flow.windowSize(stream), elapsed, minRate)) {
                stalled.add(stream);
            }
        }
        if (connectionStalled(!waiting.isEmpty(), elapsed)) {
            codec.onError(ctx, true, Http2Exception.connectionError(Http2Error.ENHANCE_YOUR_CALM,
                    "%s (%s bytes/s)", REASON, minRate.bytesPerSecond()));
            return;
        }
        for (Http2Stream stream : stalled) {
            LOG.debug("Resetting stream {} on {}: its response moves slower than the minimum data rate", stream.id(),
                    ctx.channel());
            codec.resetStream(ctx, stream.id(), Http2Error.CANCEL.code(), ctx.newPromise());
        }
        if (!stalled.isEmpty()) {
            ctx.flush();
        }
        if (http2.numActiveStreams() > 0) {
            check = ctx.executor().schedule(this::check, CHECK_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    /** The streams whose response data waits for the client; the others stop being measured. */
    private List<Http2Stream> waitingStreams() {
        List<Http2Stream> waiting = new ArrayList<>();
        try {
            http2.forEachActiveStream(stream -> {
                if (flow.hasFlowControlled(stream)) {
                    waiting.add(stream);
                } else {
                    stream.removeProperty(progressKey);
                }
                return true;
            });
        } catch (Http2Exception e) {
            throw new IllegalStateException("Visiting the active streams failed", e);
        }
        return waiting;
    }

    /** Measures the connection: whether every waiting response is stuck. */
    private boolean connectionStalled(boolean waiting, long elapsed) {
        if (!waiting) {
            connectionProgress = null;
            return false;
        }
        int window = flow.windowSize(http2.connectionStream());
        if (connectionProgress == null) {
            connectionProgress = new Progress(window);
            return false;
        }
        return connectionProgress.measure(window, elapsed, minRate);
    }

    /**
     * The bytes sent through one flow-control window while data waited on it: what the window
     * shrank by, plus what the client added to it in between.
     */
    private static final class Progress {

        private int lastWindow;
        private long credited;
        private long sent;
        private long nanos;
        private boolean measuring;

        Progress(int window) {
            lastWindow = window;
        }

        void credit(int increment) {
            credited += increment;
        }

        void rebase(int window) {
            lastWindow = window;
            credited = 0;
        }

        /** Adds a measurement (after the first); whether the data moved slower than the rate. */
        boolean measure(int window, long elapsedNanos, DataRate rate) {
            if (!measuring) {
                measuring = true;
                rebase(window);
                return false;
            }
            sent += lastWindow + credited - window;
            nanos += elapsedNanos;
            rebase(window);
            return rate.isViolatedBy(sent, nanos);
        }
    }
}
