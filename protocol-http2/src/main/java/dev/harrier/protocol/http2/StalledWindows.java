package dev.harrier.protocol.http2;

import dev.harrier.http.DataRate;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2WindowUpdateFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The minimum response data rate for responses the application has finished writing but the
 * client holds back with its flow-control windows (a zero window, CVE-2019-9517): a one-shot
 * response, or whatever an inline handler wrote without waiting. (While the application still
 * writes, the kernel applies the rate itself, to the bytes the socket has taken.) While such
 * data waits, every second it measures how many bytes of each stream left, from the stream's
 * window and the WINDOW_UPDATEs in between (a closed connection window holds them all): a
 * stream whose response moves slower than its minimum rate is reset (RST_STREAM CANCEL), and
 * when every waiting response does, the connection ends with GOAWAY ENHANCE_YOUR_CALM. The rate
 * is {@code minResponseDataRate}, or the one the application set for the response
 * ({@link #minRate}).
 *
 * <p>Sits right after the frame codec, which hands it the WINDOW_UPDATE and SETTINGS frames read.
 */
final class StalledWindows extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(StalledWindows.class);
    /** The start of the GOAWAY reason, by which the attack is recognised. */
    static final String REASON = "Responses held back below the minimum data rate by flow-control windows";
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Http2FrameCodec codec;
    /** The frame codec's context: resets and GOAWAY start there. */
    private final ChannelHandlerContext codecContext;
    private final Http2Connection http2;
    private final Http2RemoteFlowController flow;
    /** The server's rate, {@code null} for none. */
    private final DataRate defaultRate;
    private final Http2Connection.PropertyKey progressKey;
    /** A response's own rate, where the application set one: {@code Optional<DataRate>}. */
    private final Http2Connection.PropertyKey rateKey;
    /** Set on a stream whose response the application has finished writing. */
    private final Http2Connection.PropertyKey endedKey;
    private ScheduledFuture<?> check;
    private long lastCheck;

    StalledWindows(Http2FrameCodec codec, ChannelHandlerContext codecContext, DataRate defaultRate) {
        this.codec = codec;
        this.codecContext = codecContext;
        this.http2 = codec.connection();
        this.flow = codec.encoder().flowController();
        this.defaultRate = defaultRate;
        this.progressKey = http2.newKey();
        this.rateKey = http2.newKey();
        this.endedKey = http2.newKey();
        http2.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamActive(Http2Stream stream) {
                if (StalledWindows.this.defaultRate != null) {
                    scheduleCheck();
                }
            }
        });
    }

    /** The application has finished writing this response: from now on it is measured here; on the event loop. */
    void responseEnded(int streamId) {
        Http2Stream stream = http2.stream(streamId);
        if (stream != null) {
            stream.setProperty(endedKey, Boolean.TRUE);
        }
    }

    /** The minimum rate of one response, which its application set ({@code null}: none); on the event loop. */
    void minRate(int streamId, DataRate rate) {
        Http2Stream stream = http2.stream(streamId);
        if (stream != null) {
            stream.setProperty(rateKey, Optional.ofNullable(rate));
            if (rate != null) {
                scheduleCheck();
            }
        }
    }

    /**
     * Counts what a stream's WINDOW_UPDATE adds to its window; a new initial window in SETTINGS
     * moves every stream's window, so measuring starts again from there.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Http2Exception {
        if (msg instanceof Http2WindowUpdateFrame update && update.stream() != null) {
            Http2Stream stream = http2.stream(update.stream().id());
            Progress progress = stream == null ? null : stream.getProperty(progressKey);
            if (progress != null) {
                progress.credit(update.windowSizeIncrement());
            }
        } else if (msg instanceof Http2SettingsFrame settings && settings.settings().initialWindowSize() != null) {
            http2.forEachActiveStream(stream -> {
                Progress progress = stream.getProperty(progressKey);
                if (progress != null) {
                    progress.rebase(flow.windowSize(stream));
                }
                return true;
            });
        }
        ctx.fireChannelRead(msg);
    }

    private void scheduleCheck() {
        if (check == null) {
            lastCheck = System.nanoTime();
            check = codecContext.executor().schedule(this::check, CHECK_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        check = null;
        if (!codecContext.channel().isActive()) {
            return;
        }
        long elapsed = System.nanoTime() - lastCheck;
        List<Http2Stream> waiting = waitingStreams();
        List<Http2Stream> stalled = new ArrayList<>();
        for (Http2Stream stream : waiting) {
            Progress progress = stream.getProperty(progressKey);
            if (progress == null) {
                stream.setProperty(progressKey, new Progress(flow.windowSize(stream)));
            } else if (progress.measure(flow.windowSize(stream), elapsed, rate(stream))) {
                stalled.add(stream);
            }
        }
        if (!waiting.isEmpty() && stalled.size() == waiting.size()) {
            codec.onError(codecContext, true, Http2Exception.connectionError(Http2Error.ENHANCE_YOUR_CALM,
                    "%s (%d streams)", REASON, stalled.size()));
            return;
        }
        for (Http2Stream stream : stalled) {
            LOG.debug("Resetting stream {} on {}: its response moves slower than the minimum data rate", stream.id(),
                    codecContext.channel());
            codec.resetStream(codecContext, stream.id(), Http2Error.CANCEL.code(), codecContext.newPromise());
        }
        if (!stalled.isEmpty()) {
            codecContext.flush();
        }
        if (http2.numActiveStreams() > 0) {
            scheduleCheck();
        }
    }

    /**
     * The streams whose finished response waits for the client and has a minimum rate; the
     * others stop being measured.
     */
    private List<Http2Stream> waitingStreams() {
        List<Http2Stream> waiting = new ArrayList<>();
        try {
            http2.forEachActiveStream(stream -> {
                if (stream.getProperty(endedKey) != null && flow.hasFlowControlled(stream) && rate(stream) != null) {
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

    private DataRate rate(Http2Stream stream) {
        Optional<DataRate> own = stream.getProperty(rateKey);
        return own != null ? own.orElse(null) : defaultRate;
    }

    /**
     * The bytes sent through one stream's flow-control window while data waited on it: what the
     * window shrank by, plus what the client added to it in between.
     */
    private static final class Progress {

        private int lastWindow;
        private long credited;
        private long sent;
        private long nanos;

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

        /** Adds a measurement; whether the data moved slower than the rate. */
        boolean measure(int window, long elapsedNanos, DataRate rate) {
            sent += lastWindow + credited - window;
            nanos += elapsedNanos;
            rebase(window);
            return rate.isViolatedBy(sent, nanos);
        }
    }
}
