package dev.harrier.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Makes the multi-producer single-consumer queues through which threads hand work to one thread
 * (a connection's event loop, its request thread): Netty's, when
 * {@code io.netty.util.internal.PlatformDependent} is reachable, else the JDK's
 * {@link ConcurrentLinkedQueue}. That package is not Netty's API, and a bundle should not import
 * it, so it is looked up by reflection, through the class loader of Netty's own common classes
 * (inside an OSGi framework: the netty-common bundle's, which sees it without an import); where it
 * cannot be reached or has no such factory, the kernel runs on the JDK's queues. The choice is
 * made once, when this class is loaded.
 */
final class MpscQueues {

    private static final String NETTY = "io.netty.util.internal.PlatformDependent";
    /** The queues of this JVM. */
    static final MpscQueues CHOSEN = resolve(io.netty.util.concurrent.EventExecutor.class.getClassLoader());

    /** {@code PlatformDependent.newMpscQueue()}; {@code null} for the JDK's queues. */
    private final MethodHandle netty;
    private final String description;

    private MpscQueues(MethodHandle netty, String description) {
        this.netty = netty;
        this.description = description;
    }

    /** Netty's queues where {@code loader} finds them, else the JDK's. */
    static MpscQueues resolve(ClassLoader loader) {
        try {
            MethodHandle factory = MethodHandles.publicLookup().findStatic(Class.forName(NETTY, true, loader),
                    "newMpscQueue", MethodType.methodType(Queue.class));
            return new MpscQueues(factory, "Netty's multi-producer single-consumer queues");
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new MpscQueues(null, "the JDK's ConcurrentLinkedQueue, not Netty's multi-producer"
                    + " single-consumer queues: " + NETTY + ".newMpscQueue() is not reachable ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** A new, empty queue. */
    @SuppressWarnings("unchecked")
    <T> Queue<T> newQueue() {
        if (netty == null) {
            return new ConcurrentLinkedQueue<>();
        }
        try {
            return (Queue<T>) netty.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException(NETTY + ".newMpscQueue() failed", e);
        }
    }

    /** Which queues these are, for the start-up log. */
    String describe() {
        return description;
    }
}
