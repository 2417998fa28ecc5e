package dev.harrier.spi;

/**
 * The user event the kernel fires on every connection when the server shuts down gracefully.
 * A protocol then stops accepting requests, lets those in flight finish (HTTP/1.x: with
 * {@code Connection: close}; HTTP/2: after a GOAWAY) and closes the connection; an idle
 * connection closes at once. A connection that has not sent its first request yet (just
 * accepted: its client has most likely sent it already) is given
 * {@value #FIRST_REQUEST_GRACE_MILLIS} ms for it, which is then served as its last. Connections
 * still open at the deadline are closed by the kernel.
 */
public final class GracefulClose {

    public static final GracefulClose INSTANCE = new GracefulClose();

    /** How long a connection without a request yet may take to send its first one. */
    public static final long FIRST_REQUEST_GRACE_MILLIS = 1000;

    private GracefulClose() {
    }

    @Override
    public String toString() {
        return "GracefulClose";
    }
}
