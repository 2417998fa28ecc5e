package dev.harrier.kernel;

/**
 * Which threads carry the virtual threads that run requests ({@link Scheduling#VIRTUAL_THREADS}).
 * A virtual thread runs on a carrier until it blocks; then it leaves the carrier, which goes on
 * with other work, and comes back when it can continue.
 */
public enum VirtualThreadCarriers {
    /**
     * The connection's event loop where the JVM allows it (see {@link #EVENT_LOOP}), else the
     * JDK's scheduler; the default.
     */
    AUTO,
    /**
     * The connection's event loop: a request that does not block costs about what inline
     * scheduling costs, with no hand-over between threads; a request that blocks (reads the body,
     * waits on a socket, a lock or a sleep) leaves the loop free meanwhile. Code that holds its
     * carrier without blocking in Java (long computations, file I/O, native calls) holds the
     * event loop and its other connections for that time. Needs Java 24 or later and
     * {@code java.base/java.lang} open to Harrier; start-up fails otherwise.
     */
    EVENT_LOOP,
    /** The JDK's scheduler: a pool of one carrier thread per core, apart from the event loops. */
    JDK;

    /** The configuration key that chooses them. */
    public static final String KEY = "harrier.virtualThreadCarriers";
}
