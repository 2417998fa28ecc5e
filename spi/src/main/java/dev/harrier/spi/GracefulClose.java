package dev.harrier.spi;

/**
 * The user event the kernel fires on every connection when the server shuts down gracefully.
 * A protocol then stops accepting requests, lets those in flight finish (HTTP/1.x: with
 * {@code Connection: close}; HTTP/2: after a GOAWAY) and closes the connection; an idle
 * connection closes at once. Connections still open at the deadline are closed by the kernel.
 */
public final class GracefulClose {

    public static final GracefulClose INSTANCE = new GracefulClose();

    private GracefulClose() {
    }

    @Override
    public String toString() {
        return "GracefulClose";
    }
}
