package dev.harrier.spi;

/**
 * A socket back-end, found by {@link java.util.ServiceLoader}. Cheap to construct and to ask:
 * nothing is allocated until {@link #create} is called.
 */
public interface TransportProvider {

    /** The name used in configuration, for example {@code nio}, {@code epoll}, {@code io_uring}. */
    String name();

    /** Higher wins when the transport is chosen automatically ({@code transport=auto}). */
    int priority();

    /** Whether the transport works here, and the reason when it does not. */
    Availability availability();

    /** Creates the transport's event loops; called only when {@link #availability()} is available. */
    Transport create(TransportOptions options);
}
