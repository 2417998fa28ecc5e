package dev.harrier.kernel;

import dev.harrier.http.DataRate;
import dev.harrier.http.Headers;
import dev.harrier.http.HttpResponse;
import dev.harrier.http.RequestAbortedException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The kernel's {@link HttpResponse}. Small writes are gathered in one buffer and sent in
 * pieces of {@value #PIECE} bytes; a writer waits while the connection is not writable
 * (back-pressure) and fails once the request is aborted.
 */
final class KernelResponse extends OutputStream implements HttpResponse {

    private static final int PIECE = 8 * 1024;
    private static final long RATE_CHECK_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KernelResponse.class);

    private final RequestContext context;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writable = lock.newCondition();
    private int status = 200;
    private Headers headers;
    private boolean started;
    private boolean completed;
    private ByteBuf pending;
    /** Bytes handed to the event loop but not yet written to the connection. */
    private final java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean waiting;
    /** Body bytes handed to the event loop so far. */
    private long handed;
    private DataRate minRate;
    /** Time spent waiting for the client to read, and the bytes it read meanwhile. */
    private long blockedNanos;
    private long drainedWhileBlocked;

    private final long queueLimit;

    KernelResponse(RequestContext context) {
        this.context = context;
        long max = context.connection.limits().maxResponseBufferSize();
        this.queueLimit = max < 0 ? Long.MAX_VALUE : Math.max(max, PIECE);
        this.minRate = context.connection.limits().minResponseDataRate();
    }

    @Override
    public void minDataRate(DataRate rate) {
        minRate = rate;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public HttpResponse status(int code) {
        if (code < 100 || code > 999 || (code < 200 && code != 101)) {
            throw new IllegalArgumentException("Invalid response status " + code);
        }
        ensureNotStarted("set the status");
        status = code;
        return this;
    }

    @Override
    public Headers headers() {
        if (headers == null) {
            headers = context.exchange.responseHeaders();
        }
        return headers;
    }

    @Override
    public boolean hasStarted() {
        return started;
    }

    @Override
    public boolean isCompleted() {
        return completed;
    }

    @Override
    public void send(byte[] body) {
        ensureNotStarted("send a response");
        started = true;
        completed = true;
        ByteBuf content = Unpooled.wrappedBuffer(body);
        int code = status;
        context.loop.execute(() -> {
            if (context.isAborted()) {
                content.release();
                return;
            }
            context.exchange.sendHead(code, content, true);
            context.exchange.flush();
        });
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        ensureOpen();
        while (length > 0) {
            if (pending == null) {
                pending = context.exchange.alloc().buffer(PIECE);
            }
            int n = Math.min(length, pending.maxWritableBytes());
            n = Math.min(n, PIECE - pending.readableBytes());
            pending.writeBytes(bytes, offset, n);
            offset += n;
            length -= n;
            if (pending.readableBytes() >= PIECE) {
                sendPending(false, false);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        sendPending(false, true);
    }

    @Override
    public OutputStream body() {
        return this;
    }

    @Override
    public Headers trailers() {
        return context.exchange.responseTrailers();
    }

    @Override
    public void complete() throws IOException {
        if (completed) {
            return;
        }
        if (context.isAborted()) {
            completed = true;
            releasePending();
            throw aborted();
        }
        sendPending(true, true);
    }

    @Override
    public void close() throws IOException {
        complete();
    }

    // ---- kernel side ----

    /** The head went out by other means (101 Switching Protocols): what follows is body. */
    void markStarted() {
        started = true;
    }

    /** Completes the response after the pipeline returned; never throws. */
    void finish() {
        if (completed) {
            return;
        }
        if (context.isAborted()) {
            completed = true;
            releasePending();
            return;
        }
        try {
            sendPending(true, true);
        } catch (IOException e) {
            releasePending();
        }
    }

    /** Answers with an empty error response if nothing was sent yet, else aborts. */
    void fail(int code) {
        if (started) {
            context.abort();
            completed = true;
            releasePending();
            return;
        }
        releasePending();
        status = code;
        java.util.List.copyOf(headers().names()).forEach(headers::remove);
        if (code >= 500 || code == 413 || code == 408) {
            context.loop.execute(context.exchange::closeAfterResponse);
        }
        send(new byte[0]);
    }

    void onWritabilityChanged() {
        lock.lock();
        try {
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void onAbort() {
        onWritabilityChanged();
    }

    // ---- internals ----

    private void sendPending(boolean end, boolean flush) throws IOException {
        ByteBuf piece = pending != null ? pending : (end ? Unpooled.EMPTY_BUFFER : null);
        pending = null;
        if (piece == null && !flush) {
            return;
        }
        awaitWritable(piece);
        boolean head = !started;
        started = true;
        completed = end;
        int code = status;
        ByteBuf content = piece == null ? Unpooled.EMPTY_BUFFER : piece;
        int size = content.readableBytes();
        handed += size;
        queued.addAndGet(size);
        context.loop.execute(() -> {
            if (queued.addAndGet(-size) < queueLimit && waiting) {
                onWritabilityChanged();
            }
            if (context.isAborted()) {
                content.release();
                return;
            }
            if (head) {
                context.exchange.sendHead(code, content, end);
            } else {
                context.exchange.sendBody(content, end);
            }
            // A writer that waits for writability waits for these bytes to leave: they must be
            // flushed, or the connection never becomes writable again.
            if (flush || !context.exchange.isWritable()) {
                context.exchange.flush();
            }
        });
    }

    /**
     * Waits until the connection is writable and little is still queued for the event loop;
     * on the event loop itself (inline scheduling) it never waits.
     */
    private void awaitWritable(ByteBuf piece) throws IOException {
        if (canWrite() || context.loop.loop().inEventLoop()) {
            return;
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
        if (tooSlow) {
            context.connection.server().counters().slowResponses.incrementAndGet();
            LOG.info("Request {} aborted: the client read its response slower than the minimum data rate",
                    context.traceIdentifier());
            context.abort();
        }
        if (tooSlow || context.isAborted()) {
            if (piece != null) {
                piece.release();
            }
            completed = true;
            throw aborted();
        }
    }

    /**
     * Waits for the client to read; with a minimum rate, for at most a second, and answers
     * whether the client has fallen below it.
     */
    private boolean awaitClient() {
        if (minRate == null) {
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
        return minRate.isViolatedBy(drainedWhileBlocked, blockedNanos);
    }

    /** Bytes of this response the connection has passed to the operating system (an estimate). */
    private long sentToClient() {
        return handed - queued.get() - context.connection.pendingOutboundBytes();
    }

    private boolean canWrite() {
        return context.exchange.isWritable() && queued.get() < queueLimit;
    }

    private void ensureOpen() throws IOException {
        if (completed) {
            throw new IOException("The response is already complete");
        }
        if (context.isAborted()) {
            throw aborted();
        }
    }

    private void ensureNotStarted(String action) {
        if (started) {
            throw new IllegalStateException("Cannot " + action + ": the response has already started");
        }
    }

    private void releasePending() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    private RequestAbortedException aborted() {
        return new RequestAbortedException("The request was aborted", null);
    }
}
