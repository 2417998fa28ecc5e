package dev.harrier.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A connection's operations, submitted at once by platform threads and by request threads (carried
 * by the event loop where this JVM allows it, as in a server), run on the event loop, each once,
 * in each thread's order: on the JDK's queues as on Netty's.
 */
class LoopExecutorTest {

    @ParameterizedTest
    @MethodSource("dev.harrier.kernel.MpscQueuesTest#queues")
    void operationsFromManyThreadsRunOnTheLoopOnceInOrder(MpscQueues queues) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (RequestThreads requestThreads = RequestThreads.create(VirtualThreadCarriers.AUTO)) {
            EventLoop loop = group.next();
            AtomicInteger failures = new AtomicInteger();
            LoopExecutor executor = new LoopExecutor(loop, e -> failures.incrementAndGet(), queues);
            List<long[]> ran = new ArrayList<>(); // touched by the event loop only
            AtomicInteger offLoop = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            ThreadFactory requestThread = requestThreads.forLoop(loop);
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < 2 * MpscQueuesTest.PRODUCERS; p++) {
                long producer = p;
                Runnable produce = () -> {
                    MpscQueuesTest.awaitUninterruptibly(start);
                    for (long i = 0; i < MpscQueuesTest.ITEMS_EACH; i++) {
                        long item = i;
                        executor.execute(() -> {
                            if (!loop.inEventLoop()) {
                                offLoop.incrementAndGet();
                            }
                            ran.add(new long[] {producer, item});
                        });
                    }
                };
                Thread thread = p % 2 == 0 ? Thread.ofPlatform().unstarted(produce) : requestThread.newThread(produce);
                thread.start();
                producers.add(thread);
            }
            start.countDown();
            for (Thread producer : producers) {
                assertTrue(producer.join(Duration.ofSeconds(30)), producer + " did not finish");
            }
            CountDownLatch done = new CountDownLatch(1);
            executor.execute(done::countDown);
            assertTrue(done.await(30, TimeUnit.SECONDS), "the last operation never ran");

            assertEquals(0, offLoop.get(), "operations that ran off the event loop");
            assertEquals(0, failures.get());
            assertEquals(producers.size() * MpscQueuesTest.ITEMS_EACH, ran.size());
            long[] next = new long[producers.size()];
            for (long[] operation : ran) {
                int producer = (int) operation[0];
                assertEquals(next[producer]++, operation[1], "the next operation of producer " + producer);
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
