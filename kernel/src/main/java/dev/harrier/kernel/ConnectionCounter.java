package dev.harrier.kernel;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts open connections against {@code maxConcurrentConnections}. A connection over the
 * limit is closed at once, before any byte is read, so live connections keep full service.
 */
final class ConnectionCounter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCounter.class);
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("harrier.counted");
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final long limit;
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile long lastLog = System.nanoTime() - LOG_INTERVAL_NANOS;

    ConnectionCounter(long limit) {
        this.limit = limit;
    }

    /** Counts the connection if there is room; it is uncounted again when it closes. */
    boolean tryAcquire(Channel channel) {
        if (limit >= 0) {
            long now = open.incrementAndGet();
            if (now > limit) {
                open.decrementAndGet();
                long total = refused.incrementAndGet();
                logRefusal(total);
                return false;
            }
        } else {
            open.incrementAndGet();
        }
        channel.attr(COUNTED).set(Boolean.TRUE);
        channel.closeFuture().addListener(f -> release(channel));
        return true;
    }

    /** An upgraded connection leaves the count. */
    void upgraded(Channel channel) {
        release(channel);
    }

    long open() {
        return open.get();
    }

    long refused() {
        return refused.get();
    }

    private void release(Channel channel) {
        if (channel.attr(COUNTED).getAndSet(null) != null) {
            open.decrementAndGet();
        }
    }

    private void logRefusal(long total) {
        long now = System.nanoTime();
        long last = lastLog;
        if (now - last >= LOG_INTERVAL_NANOS) {
            lastLog = now;
            LOG.warn("Connection refused: maxConcurrentConnections ({}) reached; {} refused so far", limit, total);
        }
    }
}
