package dev.harrier.kernel;

import io.netty.channel.EventLoop;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a connection's I/O operations on its event loop, in submission order. Operations
 * submitted from application threads are queued and run by one loop task, so a burst of
 * writes (a pipelined batch of responses) costs one hand-over, not one per write.
 */
final class LoopExecutor implements Runnable {

    private final EventLoop loop;
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    LoopExecutor(EventLoop loop) {
        this.loop = loop;
    }

    EventLoop loop() {
        return loop;
    }

    void execute(Runnable operation) {
        if (loop.inEventLoop() && pending.isEmpty()) {
            operation.run();
            return;
        }
        pending.add(operation);
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this);
            } catch (RejectedExecutionException stopped) {
                // The loop is gone, and with it the connection: its requests are aborted, so
                // the operations only release what they hold.
                run();
            }
        }
    }

    @Override
    public void run() {
        scheduled.set(false);
        Runnable operation;
        while ((operation = pending.poll()) != null) {
            operation.run();
        }
    }
}
