package dev.harrier.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernel's hand-over queues: Netty's where its internal package is reachable, the JDK's where
 * it is not (a class loader that sees the JDK alone stands for a bundle that does not import
 * it), and either way every item handed over by concurrent producers reaches the consumer once,
 * in each producer's order.
 */
class MpscQueuesTest {

    static final int PRODUCERS = 4;
    static final int ITEMS_EACH = 20_000;
    /** Sees the JDK's classes only. */
    static final ClassLoader WITHOUT_NETTY = new ClassLoader(null) { };

    /** Both kinds of queues: the fallback, and those of this JVM (Netty's, on the class path). */
    static Stream<Named<MpscQueues>> queues() {
        return Stream.of(Named.of("the JDK's queues", MpscQueues.resolve(WITHOUT_NETTY)),
                Named.of("Netty's queues", MpscQueues.CHOSEN));
    }

    @Test
    void withoutNettysInternalPackageTheQueuesAreTheJdks() {
        MpscQueues queues = MpscQueues.resolve(WITHOUT_NETTY);
        assertInstanceOf(ConcurrentLinkedQueue.class, queues.newQueue());
        assertEquals("the JDK's ConcurrentLinkedQueue, not Netty's multi-producer single-consumer queues:"
                + " io.netty.util.internal.PlatformDependent.newMpscQueue() is not reachable (ClassNotFoundException)",
                queues.describe());
    }

    @Test
    void whereNettysInternalPackageIsReachableTheQueuesAreNettys() {
        Queue<Object> queue = MpscQueues.CHOSEN.newQueue();
        assertTrue(queue.getClass().getName().startsWith("io.netty."), queue.getClass().getName());
        assertEquals("Netty's multi-producer single-consumer queues", MpscQueues.CHOSEN.describe());
    }

    @ParameterizedTest
    @MethodSource("queues")
    void concurrentProducersHandEveryItemToTheConsumerOnceInOrder(MpscQueues queues) throws Exception {
        Queue<long[]> queue = queues.newQueue();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            long producer = p;
            producers.add(Thread.ofPlatform().start(() -> {
                awaitUninterruptibly(start);
                for (long i = 0; i < ITEMS_EACH; i++) {
                    queue.add(new long[] {producer, i});
                }
            }));
        }
        start.countDown();
        long[] next = new long[PRODUCERS];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int received = 0; received < PRODUCERS * ITEMS_EACH; ) {
            long[] item = queue.poll();
            if (item == null) {
                assertTrue(System.nanoTime() - deadline < 0, "only " + received + " items arrived");
                Thread.onSpinWait();
                continue;
            }
            int producer = (int) item[0];
            assertEquals(next[producer]++, item[1], "the next item of producer " + producer);
            received++;
        }
        for (Thread producer : producers) {
            producer.join();
        }
        assertTrue(queue.isEmpty());
    }

    static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
