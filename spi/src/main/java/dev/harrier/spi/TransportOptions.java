package dev.harrier.spi;

/**
 * What the kernel asks of a transport it creates.
 *
 * @param eventLoopThreads the number of event-loop threads (at least 1)
 * @param threadNamePrefix the prefix of those threads' names
 */
public record TransportOptions(int eventLoopThreads, String threadNamePrefix) {

    public TransportOptions {
        if (eventLoopThreads < 1) {
            throw new IllegalArgumentException("eventLoopThreads must be at least 1, was " + eventLoopThreads);
        }
    }
}
