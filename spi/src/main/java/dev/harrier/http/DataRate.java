package dev.harrier.http;

import java.time.Duration;
import java.util.Objects;

/**
 * A minimum data rate, as in Kestrel: after the grace period, data must have moved at no less
 * than {@code bytesPerSecond} on average, else the client is cut off.
 *
 * @param bytesPerSecond the minimum average rate, more than 0
 * @param gracePeriod    how long the rate is not enforced at first, at least one second
 */
public record DataRate(double bytesPerSecond, Duration gracePeriod) {

    /** Kestrel's default for request bodies and responses: 240 bytes/s after 5 s. */
    public static final DataRate DEFAULT = new DataRate(240, Duration.ofSeconds(5));

    public DataRate {
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        if (!(bytesPerSecond > 0)) {
            throw new IllegalArgumentException("bytesPerSecond must be more than 0, was " + bytesPerSecond);
        }
        if (gracePeriod.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("gracePeriod must be at least 1 second, was " + gracePeriod);
        }
    }

    /**
     * Whether {@code bytes} moved in {@code nanos} of measured time fall short of this rate;
     * never within the grace period.
     */
    public boolean isViolatedBy(long bytes, long nanos) {
        return nanos > gracePeriod.toNanos() && bytes < bytesPerSecond * nanos / 1e9;
    }
}
