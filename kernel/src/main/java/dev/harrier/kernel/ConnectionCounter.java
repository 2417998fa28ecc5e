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

    private final long limit;
    private final long upgradedLimit;
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong upgraded = new AtomicLong();
    private final ServerCounters counters;
    private final LogThrottle refusalLog = new LogThrottle();

    ConnectionCounter(long limit, long upgradedLimit, ServerCounters counters) {
        this.limit = limit;
        this.upgradedLimit = upgradedLimit;
        this.counters = counters;
    }

    /** Counts the connection if there is room; it is uncounted again when it closes. */
    boolean tryAcquire(Channel channel) {
        if (limit >= 0) {
            long now = open.incrementAndGet();
            if (now > limit) {
                open.decrementAndGet();
                long total = counters.refusedConnections.incrementAndGet();
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

    /**
     * Moves a connection from the main count to the upgraded count, if there is room for it.
     *
     * @return {@code false} when {@code maxConcurrentUpgradedConnections} is reached
     */
    boolean tryUpgrade(Channel channel) {
        if (upgradedLimit >= 0 && upgraded.incrementAndGet() > upgradedLimit) {
            upgraded.decrementAndGet();
            counters.refusedUpgrades.incrementAndGet();
            return false;
        }
        if (upgradedLimit < 0) {
            upgraded.incrementAndGet();
        }
        release(channel);
        channel.closeFuture().addListener(f -> upgraded.decrementAndGet());
        return true;
    }

    private void release(Channel channel) {
        if (channel.attr(COUNTED).getAndSet(null) != null) {
            open.decrementAndGet();
        }
    }

    private void logRefusal(long total) {
        if (refusalLog.allow()) {
            LOG.warn("Connection refused: maxConcurrentConnections ({}) reached; {} refused so far", limit, total);
        }
    }
}
