package dev.harrier.http;

import java.nio.file.Path;

/**
 * The settings of QUIC connections ({@code harrier.quic.*}), with the names and defaults of
 * Kestrel's QUIC transport where it has them. The idle timeout is
 * {@link ServerLimits#keepAliveTimeout()} (QUIC's {@code max_idle_timeout}), the handshake timeout
 * {@link ServerLimits#tlsHandshakeTimeout()}, and {@link ServerLimits#maxConcurrentConnections()}
 * counts QUIC connections too.
 */
public final class QuicLimits {

    private static final String PREFIX = "harrier.quic.";

    private int maxBidirectionalStreams = 100;
    private int maxUnidirectionalStreams = 10;
    private long initialConnectionWindowSize = 1024 * 1024;
    private long initialStreamWindowSize = 768 * 1024;
    private AddressValidation addressValidation = AddressValidation.UNDER_LOAD;
    private int handshakesBeforeValidation = 64;
    private Path secretFile;

    /** When a client must prove its address with a Retry round trip before the server does any work for it. */
    public enum AddressValidation {
        /** Every new connection. */
        ALWAYS,
        /** While more handshakes than {@link #handshakesBeforeValidation()} are in progress (default). */
        UNDER_LOAD,
        /** Never; the amplification limit of RFC 9000 still holds. */
        NEVER
    }

    /** Request streams a client may have open at once on one connection; default 100. */
    public int maxBidirectionalStreams() {
        return maxBidirectionalStreams;
    }

    public QuicLimits maxBidirectionalStreams(int value) {
        maxBidirectionalStreams = (int) atLeast("maxBidirectionalStreams", value, 1);
        return this;
    }

    /**
     * Unidirectional streams a client may open on one connection (HTTP/3 uses three: control and
     * the two QPACK streams); default 10, at least 3.
     */
    public int maxUnidirectionalStreams() {
        return maxUnidirectionalStreams;
    }

    public QuicLimits maxUnidirectionalStreams(int value) {
        maxUnidirectionalStreams = (int) atLeast("maxUnidirectionalStreams", value, 3);
        return this;
    }

    /**
     * Request body bytes the server accepts unread across all streams of a connection
     * ({@code initial_max_data}); default 1 MiB, at least 64 KiB.
     */
    public long initialConnectionWindowSize() {
        return initialConnectionWindowSize;
    }

    public QuicLimits initialConnectionWindowSize(long value) {
        initialConnectionWindowSize = atLeast("initialConnectionWindowSize", value, 64 * 1024);
        return this;
    }

    /**
     * Request body bytes the server accepts unread on one stream
     * ({@code initial_max_stream_data_bidi_remote}), reopened only as the application reads;
     * default 768 KiB, at least 16 KiB.
     */
    public long initialStreamWindowSize() {
        return initialStreamWindowSize;
    }

    public QuicLimits initialStreamWindowSize(long value) {
        initialStreamWindowSize = atLeast("initialStreamWindowSize", value, 16 * 1024);
        return this;
    }

    /** When clients are asked to validate their address by a Retry; default {@code UNDER_LOAD}. */
    public AddressValidation addressValidation() {
        return addressValidation;
    }

    public QuicLimits addressValidation(AddressValidation value) {
        addressValidation = java.util.Objects.requireNonNull(value, PREFIX + "addressValidation");
        return this;
    }

    /** Handshakes in progress on one listener beyond which {@code UNDER_LOAD} asks for a Retry; default 64. */
    public int handshakesBeforeValidation() {
        return handshakesBeforeValidation;
    }

    public QuicLimits handshakesBeforeValidation(int value) {
        handshakesBeforeValidation = (int) atLeast("handshakesBeforeValidation", value, 0);
        return this;
    }

    /**
     * A file of at least 32 random bytes from which the keys of Retry tokens, connection ids and
     * stateless reset tokens are derived, so that they survive a restart and are shared by the
     * processes serving one port; {@code null} (default) for keys made anew by each process.
     */
    public Path secretFile() {
        return secretFile;
    }

    public QuicLimits secretFile(Path value) {
        secretFile = value;
        return this;
    }

    private static long atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(PREFIX + name + " must be at least " + min + ", was " + value);
        }
        return value;
    }
}
