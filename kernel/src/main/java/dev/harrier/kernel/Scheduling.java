package dev.harrier.kernel;

/** Where the request pipeline runs. */
public enum Scheduling {
    /** Each request on a virtual thread (default): middleware may block. */
    VIRTUAL_THREADS,
    /**
     * On the connection's event loop, like Kestrel's {@code UnsafePreferInlineScheduling}: the
     * fastest, but middleware must never block; the request body is read before the pipeline
     * runs.
     */
    INLINE
}
