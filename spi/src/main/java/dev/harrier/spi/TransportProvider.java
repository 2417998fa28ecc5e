package dev.harrier.spi;

/**
 * A socket back-end, found by {@link java.util.ServiceLoader}. Cheap to construct and to ask:
 * nothing is allocated until {@link #create} is called.
 */
public interface TransportProvider {

    /** The name used in configuration, for example {@code nio}, {@code epoll}, {@code io_uring}. */
    String name();

    /**
     * The kind of connection its transport yields; {@link ConnectionKind#STREAM} (a socket
     * transport, chosen by an endpoint's {@code transport}) by default. A transport of
     * {@link ConnectionKind#MULTIPLEXED multiplexed} connections (QUIC) is created over the socket
     * transport of each endpoint that serves a multiplexed protocol ({@link TransportOptions#carrier()}).
     */
    default ConnectionKind connectionKind() {
        return ConnectionKind.STREAM;
    }

    /** Higher wins when the transport is chosen automatically ({@code transport=auto}). */
    int priority();

    /** Whether the transport works here, and the reason when it does not. */
    Availability availability();

    /** Creates the transport's event loops; called only when {@link #availability()} is available. */
    Transport create(TransportOptions options);
}
