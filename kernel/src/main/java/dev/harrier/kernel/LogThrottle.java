package dev.harrier.kernel;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets through at most one log line per interval, from any thread, so that a flood of
 * clients doing the same thing cannot flood the log. The line that is let through says how
 * many happened in all.
 */
final class LogThrottle {

    private static final long INTERVAL_NANOS = 10_000_000_000L;

    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);

    /** Whether a line may be logged now; if so, the next one may only after the interval. */
    boolean allow() {
        long now = System.nanoTime();
        long last = lastLogged.get();
        return now - last >= INTERVAL_NANOS && lastLogged.compareAndSet(last, now);
    }
}
