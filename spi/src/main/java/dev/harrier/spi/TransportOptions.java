package dev.harrier.spi;

import dev.harrier.http.ServerLimits;

/**
 * What the kernel asks of a transport it creates.
 *
 * @param eventLoopThreads the number of event-loop threads (at least 1)
 * @param threadNamePrefix the prefix of those threads' names
 * @param carrier          for a transport of {@link ConnectionKind#MULTIPLEXED multiplexed}
 *                         connections: the socket transport whose {@link Transport#datagrams() UDP
 *                         sockets} and event loops it runs on; {@code null} for a socket transport
 * @param limits           the server's limits, of which a transport applies those that are its
 *                         own (a multiplexed transport's idle timeout, streams and windows)
 */
public record TransportOptions(int eventLoopThreads, String threadNamePrefix, Transport carrier, ServerLimits limits) {

    /** The options of a socket transport, with the default limits. */
    public TransportOptions(int eventLoopThreads, String threadNamePrefix) {
        this(eventLoopThreads, threadNamePrefix, null, new ServerLimits());
    }

    public TransportOptions {
        java.util.Objects.requireNonNull(limits, "limits");
        if (eventLoopThreads < 1) {
            throw new IllegalArgumentException("eventLoopThreads must be at least 1, was " + eventLoopThreads);
        }
    }
}
