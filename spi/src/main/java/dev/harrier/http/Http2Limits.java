package dev.harrier.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of HTTP/2 connections, with Kestrel's names and defaults; reached as
 * {@link ServerLimits#http2()}. Every setter validates its value. The server-wide limits apply
 * to HTTP/2 as well: {@link ServerLimits#maxRequestHeadersTotalSize()} is the header list size
 * a stream may send, {@link ServerLimits#keepAliveTimeout()} closes a connection without
 * streams, and the body size, header count and data rates apply per stream.
 */
public final class Http2Limits {

    private static final String PREFIX = "harrier.limits.http2.";
    private static final int MIN_WINDOW = 65_535;
    private static final int MIN_FRAME = 16 * 1024;
    private static final int MAX_FRAME = 16 * 1024 * 1024 - 1;

    private int maxStreamsPerConnection = 100;
    private int headerTableSize = 4096;
    private int maxFrameSize = MIN_FRAME;
    private int maxRequestHeaderFieldSize = 16 * 1024;
    private int initialConnectionWindowSize = 1024 * 1024;
    private int initialStreamWindowSize = 768 * 1024;
    private Duration keepAlivePingDelay;
    private Duration keepAlivePingTimeout = Duration.ofSeconds(20);

    /** Concurrent streams a client may open on one connection (more are refused); default 100. */
    public int maxStreamsPerConnection() {
        return maxStreamsPerConnection;
    }

    public Http2Limits maxStreamsPerConnection(int value) {
        maxStreamsPerConnection = atLeast("maxStreamsPerConnection", value, 1);
        return this;
    }

    /** Bytes of the HPACK dynamic table the client's header compression may use; default 4096. */
    public int headerTableSize() {
        return headerTableSize;
    }

    public Http2Limits headerTableSize(int value) {
        headerTableSize = atLeast("headerTableSize", value, 0);
        return this;
    }

    /** The largest frame payload the server accepts, 16,384 to 16,777,215 bytes; default 16,384. */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    public Http2Limits maxFrameSize(int value) {
        if (value < MIN_FRAME || value > MAX_FRAME) {
            throw new IllegalArgumentException(PREFIX + "maxFrameSize must be between " + MIN_FRAME + " and "
                    + MAX_FRAME + ", was " + value);
        }
        maxFrameSize = value;
        return this;
    }

    /** Bytes of one request header field's name or value at most (431 beyond); default 16 KiB. */
    public int maxRequestHeaderFieldSize() {
        return maxRequestHeaderFieldSize;
    }

    public Http2Limits maxRequestHeaderFieldSize(int value) {
        maxRequestHeaderFieldSize = atLeast("maxRequestHeaderFieldSize", value, 1);
        return this;
    }

    /**
     * Request body bytes the server accepts unread across all streams of a connection: the
     * connection's flow-control window; default 1 MiB, at least 65,535.
     */
    public int initialConnectionWindowSize() {
        return initialConnectionWindowSize;
    }

    public Http2Limits initialConnectionWindowSize(int value) {
        initialConnectionWindowSize = atLeast("initialConnectionWindowSize", value, MIN_WINDOW);
        return this;
    }

    /**
     * Request body bytes the server accepts unread on one stream: the stream's flow-control
     * window, reopened only as the application reads; default 768 KiB, at least 65,535.
     */
    public int initialStreamWindowSize() {
        return initialStreamWindowSize;
    }

    public Http2Limits initialStreamWindowSize(int value) {
        initialStreamWindowSize = atLeast("initialStreamWindowSize", value, MIN_WINDOW);
        return this;
    }

    /**
     * How long a connection may receive nothing before the server sends a PING to see whether
     * the client is still there; {@code null} (default) for never. At least one second.
     */
    public Duration keepAlivePingDelay() {
        return keepAlivePingDelay;
    }

    public Http2Limits keepAlivePingDelay(Duration value) {
        if (value != null && value.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(PREFIX + "keepAlivePingDelay must be at least 1 second (PT1S), or none, was "
                    + value);
        }
        keepAlivePingDelay = value;
        return this;
    }

    /**
     * How long the server waits for any frame after a keep-alive PING before it closes the
     * connection; default 20 s.
     */
    public Duration keepAlivePingTimeout() {
        return keepAlivePingTimeout;
    }

    public Http2Limits keepAlivePingTimeout(Duration value) {
        Objects.requireNonNull(value, PREFIX + "keepAlivePingTimeout");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PREFIX + "keepAlivePingTimeout must be a positive duration such as PT20S, was "
                    + value);
        }
        keepAlivePingTimeout = value;
        return this;
    }

    private static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(PREFIX + name + " must be at least " + min + ", was " + value);
        }
        return value;
    }
}
