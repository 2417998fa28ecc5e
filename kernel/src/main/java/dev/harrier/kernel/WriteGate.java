package dev.harrier.kernel;

import dev.harrier.http.DataRate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Back-pressure for a response written from an application thread: the writer waits while
 * the connection is not writable or too much is still queued for the event loop, and, with a
 * minimum data rate, gives up on a client that reads slower than that. Created only for a
 * response that streams; a one-shot {@code send} never waits.
 */
final class WriteGate {

    private static final long RATE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RequestContext context;
    private final long queueLimit;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writable = lock.newCondition();
    /** Bytes handed to the event loop but not yet written to the connection. */
    private final AtomicLong queued = new AtomicLong();
    private volatile boolean waiting;
    private volatile DataRate minRate;
    /** Time spent waiting for the client to read, and the bytes it read meanwhile. */
    private long blockedNanos;
    private long drainedWhileBlocked;

    WriteGate(RequestContext context, long queueLimit, DataRate minRate) {
        this.context = context;
        this.queueLimit = queueLimit;
        this.minRate = minRate;
    }

    void minRate(DataRate rate) {
        minRate = rate;
    }

    /**
     * Waits until the bytes may be handed over. On the event loop itself (inline scheduling)
     * it never waits.
     *
     * @return {@code false} when the client reads slower than the minimum rate: the request
     *         has then been aborted
     */
    boolean awaitWritable() {
        if (canWrite() || context.loop.loop().inEventLoop()) {
            return true;
        }
        boolean tooSlow = false;
        lock.lock();
        try {
            waiting = true;
            while (!canWrite() && !context.isAborted() && !tooSlow) {
                tooSlow = awaitClient();
            }
        } finally {
            waiting = false;
            lock.unlock();
        }
        return !tooSlow;
    }

    /** Bytes are on their way to the event loop (writer thread). */
    void handing(int size) {
        queued.addAndGet(size);
    }

    /** The event loop has taken bytes handed earlier. */
    void taken(int size) {
        if (queued.addAndGet(-size) < queueLimit && waiting) {
            signal();
        }
    }

    /** The connection's writability changed, or the request was aborted: wake the writer. */
    void signal() {
        lock.lock();
        try {
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the client to read; with a minimum rate, for at most a second, and answers
     * whether the client has fallen below it.
     */
    private boolean awaitClient() {
        DataRate rate = minRate;
        if (rate == null) {
            writable.awaitUninterruptibly();
            return false;
        }
        long start = System.nanoTime();
        long sentBefore = sentToClient();
        try {
            writable.awaitNanos(RATE_CHECK_NANOS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
        blockedNanos += System.nanoTime() - start;
        drainedWhileBlocked += sentToClient() - sentBefore;
        return rate.isViolatedBy(drainedWhileBlocked, blockedNanos);
    }

    /** Bytes of this response the connection has passed to the operating system. */
    private long sentToClient() {
        return context.exchange.responseBytesSent();
    }

    private boolean canWrite() {
        return context.exchange.isWritable() && queued.get() < queueLimit;
    }
}
