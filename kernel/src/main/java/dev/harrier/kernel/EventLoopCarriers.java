package dev.harrier.kernel;

import io.netty.channel.EventLoop;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries request threads on event loops, and warns when one keeps its loop to
 * itself: a request thread carried by an event loop that computes for long, or does file I/O or
 * native calls, holds up the loop's other connections meanwhile. Every loop is looked at once
 * per {@link #INTERVAL_MILLIS}; a continuation seen running at two looks in a row is reported,
 * once.
 */
final class EventLoopCarriers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoopCarriers.class);
    static final long INTERVAL_MILLIS = 1000;

    private final List<LoopScheduler> schedulers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService executor;

    EventLoopCarriers(String threadName) {
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::look, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The scheduler of request threads carried by this loop, watched from now on. */
    Executor schedulerFor(EventLoop loop) {
        LoopScheduler scheduler = new LoopScheduler(loop,
                loop.inEventLoop() ? Thread.currentThread().getName() : loop.toString());
        schedulers.add(scheduler);
        return scheduler;
    }

    private void look() {
        for (LoopScheduler scheduler : schedulers) {
            long running = scheduler.running();
            if (running != 0 && running == scheduler.lastSeen && running != scheduler.reported) {
                scheduler.reported = running;
                LOG.warn("Event loop {} has been held by one request thread for more than {} ms: its other"
                        + " connections wait meanwhile. A request thread carried by an event loop keeps it"
                        + " while it computes, reads files or calls native code (a thread dump, jcmd <pid>"
                        + " Thread.dump_to_file, shows which); give such work to a thread pool, or set {}=Jdk",
                        scheduler.loopName, INTERVAL_MILLIS, VirtualThreadCarriers.KEY);
            }
            scheduler.lastSeen = running;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /**
     * Runs continuations as tasks of one event loop, numbering them. Once the loop has stopped
     * (a request outliving its server), a continuation runs on a platform thread of its own, so
     * that it can finish and release what it holds.
     */
    private static final class LoopScheduler implements Executor {
        private static final VarHandle RUNNING;

        static {
            try {
                RUNNING = MethodHandles.lookup().findVarHandle(LoopScheduler.class, "running", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final EventLoop loop;
        private final String loopName;
        /** The number of the continuation the loop runs now, 0 when none: written by the loop only. */
        @SuppressWarnings("unused")
        private long running;
        private long runs;
        /** The watch's own state: what it saw at its last look, and the last hold it reported. */
        private long lastSeen;
        private long reported;

        LoopScheduler(EventLoop loop, String loopName) {
            this.loop = loop;
            this.loopName = loopName;
        }

        long running() {
            return (long) RUNNING.getOpaque(this);
        }

        @Override
        public void execute(Runnable continuation) {
            try {
                loop.execute(() -> carry(continuation));
            } catch (RejectedExecutionException stopped) {
                Thread.ofPlatform().name("harrier-request-after-stop").daemon().start(continuation);
            }
        }

        private void carry(Runnable continuation) {
            RUNNING.setOpaque(this, ++runs);
            try {
                continuation.run();
            } finally {
                RUNNING.setOpaque(this, 0L);
            }
        }
    }
}
