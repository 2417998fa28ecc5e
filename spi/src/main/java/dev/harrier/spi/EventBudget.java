package dev.harrier.spi;

import java.util.concurrent.TimeUnit;

/**
 * How many events of one kind a connection may cause within a fixed window (1,000 PING frames
 * per 30 s, say): the window starts at the first event after the previous one ended. For one
 * event loop; not thread-safe.
 */
public final class EventBudget {

    private final int maxPerWindow;
    private final long windowNanos;
    private long windowStart;
    private int count;

    /** At most {@code maxPerWindow} events within {@code window}. */
    public EventBudget(int maxPerWindow, long window, TimeUnit unit) {
        this.maxPerWindow = maxPerWindow;
        this.windowNanos = unit.toNanos(window);
    }

    /** Counts an event; {@code false} when it is one more than the window allows. */
    public boolean spend() {
        long now = System.nanoTime();
        if (count == 0 || now - windowStart > windowNanos) {
            windowStart = now;
            count = 0;
        }
        return ++count <= maxPerWindow;
    }
}
