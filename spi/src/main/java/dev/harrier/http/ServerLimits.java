package dev.harrier.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The server's limits, with Kestrel's names and defaults. Every setter validates its value;
 * the server reads the limits once at start-up, so change them before the server starts.
 *
 * <p>Sizes are bytes. A limit documented as "{@code -1} for none" is disabled by {@code -1}.
 */
public final class ServerLimits {

    private long maxConcurrentConnections = -1;
    private long maxRequestBodySize = 30_000_000;
    private int maxRequestLineSize = 8 * 1024;
    private int maxRequestHeadersTotalSize = 32 * 1024;
    private int maxRequestHeaderCount = 100;
    private long maxRequestBufferSize = 1024 * 1024;
    private long maxResponseBufferSize = 64 * 1024;
    private Duration keepAliveTimeout = Duration.ofSeconds(130);
    private Duration requestHeadersTimeout = Duration.ofSeconds(30);
    private DataRate minRequestBodyDataRate = DataRate.DEFAULT;
    private DataRate minResponseDataRate = DataRate.DEFAULT;
    private long maxConcurrentUpgradedConnections = -1;
    private Duration tlsHandshakeTimeout = Duration.ofSeconds(10);
    private final Http2Limits http2 = new Http2Limits();
    private final Http3Limits http3 = new Http3Limits();
    private final QuicLimits quic = new QuicLimits();

    /** Open connections at most; further ones are refused. {@code -1} (default) for none. */
    public long maxConcurrentConnections() {
        return maxConcurrentConnections;
    }

    public ServerLimits maxConcurrentConnections(long value) {
        maxConcurrentConnections = noneOrPositive("maxConcurrentConnections", value);
        return this;
    }

    /** Request body bytes at most (413 beyond); default 30,000,000; {@code -1} for none. */
    public long maxRequestBodySize() {
        return maxRequestBodySize;
    }

    public ServerLimits maxRequestBodySize(long value) {
        maxRequestBodySize = noneOrAtLeast("maxRequestBodySize", value, 0);
        return this;
    }

    /** Request line bytes at most (414 beyond); default 8 KiB. */
    public int maxRequestLineSize() {
        return maxRequestLineSize;
    }

    public ServerLimits maxRequestLineSize(int value) {
        maxRequestLineSize = (int) atLeast("maxRequestLineSize", value, 16);
        return this;
    }

    /** Bytes of all request header lines together at most (431 beyond); default 32 KiB. */
    public int maxRequestHeadersTotalSize() {
        return maxRequestHeadersTotalSize;
    }

    public ServerLimits maxRequestHeadersTotalSize(int value) {
        maxRequestHeadersTotalSize = (int) atLeast("maxRequestHeadersTotalSize", value, 64);
        return this;
    }

    /** Request header fields at most (431 beyond); default 100. */
    public int maxRequestHeaderCount() {
        return maxRequestHeaderCount;
    }

    public ServerLimits maxRequestHeaderCount(int value) {
        maxRequestHeaderCount = (int) atLeast("maxRequestHeaderCount", value, 1);
        return this;
    }

    /**
     * Request body bytes buffered for an application that reads slower than the client sends
     * before the server stops reading from the client; default 1 MiB; {@code -1} for none.
     */
    public long maxRequestBufferSize() {
        return maxRequestBufferSize;
    }

    public ServerLimits maxRequestBufferSize(long value) {
        maxRequestBufferSize = noneOrPositive("maxRequestBufferSize", value);
        return this;
    }

    /**
     * Response bytes queued for a client that reads slower than the application writes before
     * the application's writes wait; default 64 KiB; {@code -1} for none.
     */
    public long maxResponseBufferSize() {
        return maxResponseBufferSize;
    }

    public ServerLimits maxResponseBufferSize(long value) {
        maxResponseBufferSize = noneOrPositive("maxResponseBufferSize", value);
        return this;
    }

    /** How long an idle keep-alive connection stays open; default 130 s. */
    public Duration keepAliveTimeout() {
        return keepAliveTimeout;
    }

    public ServerLimits keepAliveTimeout(Duration value) {
        keepAliveTimeout = positive("keepAliveTimeout", value);
        return this;
    }

    /**
     * How long a client may take to send a request's headers once its first byte has arrived
     * (408 beyond); default 30 s.
     */
    public Duration requestHeadersTimeout() {
        return requestHeadersTimeout;
    }

    public ServerLimits requestHeadersTimeout(Duration value) {
        requestHeadersTimeout = positive("requestHeadersTimeout", value);
        return this;
    }

    /**
     * The slowest a client may send a request body while the application waits for it (408
     * and the connection closes below it); default 240 B/s after 5 s; {@code null} for none.
     * Per request: {@link HttpRequest#minDataRate(DataRate)}.
     */
    public DataRate minRequestBodyDataRate() {
        return minRequestBodyDataRate;
    }

    public ServerLimits minRequestBodyDataRate(DataRate value) {
        minRequestBodyDataRate = value;
        return this;
    }

    /**
     * The slowest a client may read a response while the application waits to write more
     * (the connection is aborted below it); default 240 B/s after 5 s; {@code null} for none.
     * Per request: {@link HttpResponse#minDataRate(DataRate)}.
     */
    public DataRate minResponseDataRate() {
        return minResponseDataRate;
    }

    public ServerLimits minResponseDataRate(DataRate value) {
        minResponseDataRate = value;
        return this;
    }

    /**
     * Upgraded connections (for example WebSockets) open at most; they do not count against
     * {@link #maxConcurrentConnections()}. Beyond it the upgrade is refused; {@code -1}
     * (default) for none.
     */
    public long maxConcurrentUpgradedConnections() {
        return maxConcurrentUpgradedConnections;
    }

    public ServerLimits maxConcurrentUpgradedConnections(long value) {
        maxConcurrentUpgradedConnections = noneOrAtLeast("maxConcurrentUpgradedConnections", value, 0);
        return this;
    }

    /**
     * How long a client may take to complete the TLS handshake of an HTTPS connection, from
     * the moment it is accepted; the connection is closed beyond it. Default 10 s, as
     * Kestrel's {@code HandshakeTimeout}.
     */
    public Duration tlsHandshakeTimeout() {
        return tlsHandshakeTimeout;
    }

    public ServerLimits tlsHandshakeTimeout(Duration value) {
        tlsHandshakeTimeout = positive("tlsHandshakeTimeout", value);
        return this;
    }

    /** The limits that only HTTP/2 connections have. */
    public Http2Limits http2() {
        return http2;
    }

    /** The limits that only HTTP/3 connections have. */
    public Http3Limits http3() {
        return http3;
    }

    /** The settings of QUIC connections. */
    public QuicLimits quic() {
        return quic;
    }

    private static long noneOrPositive(String name, long value) {
        return noneOrAtLeast(name, value, 1);
    }

    private static long noneOrAtLeast(String name, long value, long min) {
        if (value == -1) {
            return value;
        }
        return atLeast(name, value, min);
    }

    private static long atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(
                    "harrier.limits." + name + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    private static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(
                    "harrier.limits." + name + " must be a positive duration such as PT30S, was " + value);
        }
        return value;
    }
}
