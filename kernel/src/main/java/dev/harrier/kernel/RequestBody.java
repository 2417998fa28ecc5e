package dev.harrier.kernel;

import dev.harrier.http.BadHttpRequestException;
import dev.harrier.http.RequestAbortedException;
import dev.harrier.spi.Exchange;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import dev.harrier.http.DataRate;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Inbound bytes of one exchange (a request body, or an upgraded connection's input) as a
 * blocking stream. The protocol pushes pieces on the event loop; the application pulls them
 * on its own thread. Consumption is reported back to the protocol so it reads from the
 * client only as fast as the application consumes (back-pressure).
 */
final class RequestBody extends InputStream {

    /** Consumed bytes are reported in batches of at least this size, or when the buffer empties. */
    private static final int REPORT_THRESHOLD = 16 * 1024;
    /** How often the minimum data rate is checked while waiting. */
    private static final long RATE_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<ByteBuf> pieces = new ArrayDeque<>();
    private final Exchange exchange;
    private final LoopExecutor loop;

    private long limit;
    private long received;
    private int unreported;
    private boolean requested;
    private boolean ended;
    private boolean discarding;
    private boolean prefetch;
    private IOException failure;
    /** Why the server stopped taking this body (413 too large, 408 too slow), or {@code null}. */
    private BadHttpRequestException rejection;
    private DataRate minRate;
    private final Consumer<BadHttpRequestException> onRejected;
    /** Time the application has spent waiting for body bytes (or the prefetch has run). */
    private long waitedNanos;

    /**
     * @param limit     the body size limit, {@code -1} for none
     * @param minRate   the minimum rate while the application waits, or {@code null}
     * @param onRejected told (once, without the lock) when the body is refused as it arrives:
     *                  413 beyond the limit, 408 below {@code minRate}
     */
    RequestBody(Exchange exchange, LoopExecutor loop, long limit, DataRate minRate,
            Consumer<BadHttpRequestException> onRejected) {
        this.exchange = exchange;
        this.loop = loop;
        this.limit = limit;
        this.minRate = minRate;
        this.onRejected = onRejected;
    }

    void limit(long bytes) {
        lock.lock();
        try {
            if (requested) {
                throw new IllegalStateException("The body size limit cannot change once the body is being read");
            }
            limit = bytes;
        } finally {
            lock.unlock();
        }
    }

    void minRate(DataRate rate) {
        lock.lock();
        try {
            if (requested) {
                throw new IllegalStateException("The minimum data rate cannot change once the body is being read");
            }
            minRate = rate;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the whole body ahead of the application (inline scheduling): pieces are
     * acknowledged as they arrive, and only the body size limit bounds what is held. The
     * minimum data rate is checked every second on the event loop.
     */
    void prefetch() {
        prefetch = true;
        markRequested();
        if (minRate != null) {
            long start = System.nanoTime();
            loop.loop().schedule(() -> checkPrefetchRate(start), RATE_CHECK_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    private void checkPrefetchRate(long start) {
        lock.lock();
        try {
            if (ended || discarding || failure != null) {
                return;
            }
            waitedNanos = System.nanoTime() - start;
            if (!tooSlowLocked()) {
                loop.loop().schedule(() -> checkPrefetchRate(start), RATE_CHECK_NANOS, TimeUnit.NANOSECONDS);
                return;
            }
        } finally {
            lock.unlock();
        }
        onRejected.accept(rejection);
    }

    // ---- protocol side (event loop) ----

    void onData(ByteBuf piece) {
        int size = piece.readableBytes();
        BadHttpRequestException refused = null;
        lock.lock();
        try {
            received += size;
            if (discarding || failure != null) {
                piece.release();
                exchange.bodyConsumed(size);
                return;
            }
            // Until the application reads, it may still change the limit: judge the size then.
            if (requested && limit >= 0 && received > limit) {
                piece.release();
                exchange.bodyConsumed(size);
                rejection = tooLarge(limit);
                refused = rejection;
                discardLocked();
                readable.signalAll();
                return;
            }
            pieces.add(piece);
            if (prefetch) {
                exchange.bodyConsumed(size);
            }
            readable.signalAll();
        } finally {
            lock.unlock();
            if (refused != null) {
                onRejected.accept(refused);
            }
        }
    }

    void onEnd() {
        lock.lock();
        try {
            ended = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void onAbort(IOException cause) {
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            releaseLocked();
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes received so far. */
    long received() {
        lock.lock();
        try {
            return received;
        } finally {
            lock.unlock();
        }
    }

    /** Whether every byte has arrived (or the stream failed). */
    boolean complete() {
        lock.lock();
        try {
            return ended || failure != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops holding data for the application: what is buffered is released and what arrives
     * later is acknowledged and dropped.
     */
    void discard() {
        lock.lock();
        try {
            discardLocked();
        } finally {
            lock.unlock();
        }
    }

    // ---- application side ----

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        markRequested();
        int copied;
        boolean drained;
        lock.lock();
        try {
            ByteBuf head;
            while ((head = pieces.peek()) == null) {
                throwIfFailed();
                if (ended || discarding) {
                    return -1;
                }
                if (loop.loop().inEventLoop()) {
                    throw new IllegalStateException("Blocking body read on the event loop; with inline "
                            + "scheduling the body is read before the pipeline runs");
                }
                awaitData();
            }
            copied = 0;
            while (copied < length && (head = pieces.peek()) != null) {
                int n = Math.min(length - copied, head.readableBytes());
                head.readBytes(target, offset + copied, n);
                copied += n;
                if (!head.isReadable()) {
                    pieces.poll().release();
                }
            }
            drained = pieces.isEmpty();
            if (!prefetch) {
                unreported += copied;
            }
        } finally {
            lock.unlock();
        }
        reportConsumed(drained);
        return copied;
    }

    @Override
    public int available() {
        lock.lock();
        try {
            int n = 0;
            for (ByteBuf piece : pieces) {
                n += piece.readableBytes();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        discard();
    }

    private void markRequested() {
        boolean first;
        lock.lock();
        try {
            first = !requested;
            requested = true;
            if (first) {
                long declared = exchange.contentLength();
                if (limit >= 0 && (declared > limit || received > limit)) {
                    rejection = tooLarge(limit);
                    discardLocked();
                    throw rejection;
                }
            }
        } finally {
            lock.unlock();
        }
        if (first) {
            loop.execute(exchange::bodyRequested);
        }
    }

    private void reportConsumed(boolean drained) {
        int report;
        lock.lock();
        try {
            if (unreported == 0 || (unreported < REPORT_THRESHOLD && !drained)) {
                return;
            }
            report = unreported;
            unreported = 0;
        } finally {
            lock.unlock();
        }
        loop.execute(() -> exchange.bodyConsumed(report));
    }

    /** Waits for data; with a minimum rate, wakes every second to check it. */
    private void awaitData() throws IOException {
        if (minRate == null) {
            readable.awaitUninterruptibly();
            return;
        }
        long start = System.nanoTime();
        try {
            readable.awaitNanos(RATE_CHECK_NANOS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("Interrupted while waiting for the request body");
        }
        waitedNanos += System.nanoTime() - start;
        if (tooSlowLocked()) {
            BadHttpRequestException refused = rejection;
            lock.unlock();
            try {
                onRejected.accept(refused);
            } finally {
                lock.lock();
            }
            throw refused;
        }
    }

    /** Checks the rate; when it falls short, rejects the body with 408 and drops what follows. */
    private boolean tooSlowLocked() {
        if (rejection != null || ended || !minRate.isViolatedBy(received, waitedNanos)) {
            return false;
        }
        rejection = new BadHttpRequestException(408, "Request body data rate below the minimum of "
                + minRate.bytesPerSecond() + " bytes/s");
        discardLocked();
        readable.signalAll();
        return true;
    }

    private void throwIfFailed() throws IOException {
        if (rejection != null) {
            throw rejection;
        }
        if (failure != null) {
            throw new RequestAbortedException("The request was aborted: " + failure.getMessage(), failure);
        }
    }

    private void discardLocked() {
        if (discarding) {
            return;
        }
        discarding = true;
        int held = releaseLocked() + unreported;
        unreported = 0;
        if (held > 0) {
            loop.execute(() -> exchange.bodyConsumed(held));
        }
    }

    private int releaseLocked() {
        int bytes = 0;
        ByteBuf piece;
        while ((piece = pieces.poll()) != null) {
            bytes += piece.readableBytes();
            piece.release();
        }
        return prefetch ? 0 : bytes;
    }

    private static BadHttpRequestException tooLarge(long limit) {
        return new BadHttpRequestException(413, "Request body too large: the limit is " + limit + " bytes");
    }
}
