package dev.harrier.kernel;

import dev.harrier.spi.Exchange;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.AbstractEventExecutor;
import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs a connection's I/O operations on its event loop, in submission order. Operations
 * submitted from application threads are queued and run by one loop task, so a burst of
 * writes (a pipelined batch of responses) costs one hand-over, not one per write, and one
 * flush at the end of the batch.
 */
final class LoopExecutor implements Runnable {

    private final EventLoop loop;
    private final Consumer<Throwable> onError;
    private final Queue<Runnable> pending;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Event-loop state: whether a batch is running, and what it must flush at its end. */
    private boolean draining;
    private final ArrayList<Exchange> toFlush = new ArrayList<>(1);

    /** @param onError told about an operation that failed; the operations after it still run */
    LoopExecutor(EventLoop loop, Consumer<Throwable> onError) {
        this(loop, onError, MpscQueues.CHOSEN);
    }

    /** @param queues makes the queue of operations waiting for the loop */
    LoopExecutor(EventLoop loop, Consumer<Throwable> onError, MpscQueues queues) {
        this.loop = loop;
        this.onError = onError;
        this.pending = queues.newQueue();
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
                if (CarrierThread.isCarriedBy(loop) && loop instanceof AbstractEventExecutor executor) {
                    // On the loop's own thread, inside one of its tasks: the loop runs queued
                    // tasks before it waits again, so it needs no wake-up (a system call on
                    // some transports).
                    executor.lazyExecute(this);
                } else {
                    loop.execute(this);
                }
            } catch (RejectedExecutionException stopped) {
                // The loop is gone, and with it the connection: its requests are aborted, so
                // the operations only release what they hold.
                run();
            }
        }
    }

    /**
     * Flushes an exchange (on the event loop): at once, or at the end of the running batch,
     * once per exchange however many of its writes the batch holds.
     */
    void flush(Exchange exchange) {
        if (!draining) {
            exchange.flush();
        } else if (!toFlush.contains(exchange)) {
            toFlush.add(exchange);
        }
    }

    @Override
    public void run() {
        scheduled.set(false);
        draining = true;
        try {
            Runnable operation;
            while ((operation = pending.poll()) != null) {
                try {
                    operation.run();
                } catch (RuntimeException e) {
                    onError.accept(e);
                }
            }
        } finally {
            draining = false;
        }
        flushBatch();
    }

    /** Flushes now what the running batch has collected (before closing a connection, say). */
    void flushBatch() {
        toFlush.forEach(Exchange::flush);
        toFlush.clear();
    }
}
