package dev.harrier.protocol.http1;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timeouts of an HTTP/1.x connection between requests, as in Kestrel: while it waits for
 * a request the keep-alive timeout runs; once the first byte of a request arrives the
 * request-headers timeout runs instead; while a request is being served neither does.
 *
 * <p>The decoder reports the bytes of each request as they arrive. One timer task is scheduled
 * at a time and re-armed from the phase's start, so requests do not each schedule one. A phase
 * entered during a read is timed from the end of that read (microseconds later), so the
 * requests of one read, pipelined or served inline, do not each read the clock. Only the event
 * loop uses it.
 */
final class Http1Timeouts {

    /** What the connection is waiting for. */
    enum Phase { KEEP_ALIVE, HEADERS, BUSY }

    /** What to do when a phase's time is up. */
    interface Expiry {
        void expired(Phase phase);
    }

    private final long keepAliveNanos;
    private final long headersNanos;
    private final Expiry expiry;
    private ChannelHandlerContext ctx;
    private Phase phase = Phase.KEEP_ALIVE;
    private long phaseStart;
    /** Whether a read is in progress; a phase entered meanwhile starts at its end. */
    private boolean reading;
    private boolean startPending;
    private ScheduledFuture<?> check;
    private long checkAt;

    Http1Timeouts(long keepAliveNanos, long headersNanos, Expiry expiry) {
        this.keepAliveNanos = keepAliveNanos;
        this.headersNanos = headersNanos;
        this.expiry = expiry;
    }

    /** Starts timing the connection: it waits for its first request. */
    void start(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        enter(Phase.KEEP_ALIVE);
    }

    /** Request bytes have arrived (during a read): a waiting connection now times the head. */
    void bytesArrived() {
        reading = true;
        if (phase == Phase.KEEP_ALIVE) {
            enter(Phase.HEADERS);
        }
    }

    /** The read is over: a phase entered during it starts now. */
    void readComplete() {
        reading = false;
        if (startPending) {
            startPending = false;
            if (phase != Phase.BUSY) {
                startPhase();
            }
        }
    }

    /** The connection has closed. */
    void stop() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    /** Whether the first bytes of a request have arrived and its head is not complete yet. */
    boolean receivingHead() {
        return phase == Phase.HEADERS;
    }

    /** A request's head has arrived: no timeout until it is answered. */
    void busy() {
        phase = Phase.BUSY;
    }

    /** Every request is answered: the connection waits for the next one. */
    void waiting() {
        enter(Phase.KEEP_ALIVE);
    }

    private void enter(Phase next) {
        phase = next;
        if (reading) {
            startPending = true;
        } else {
            startPhase();
        }
    }

    private void startPhase() {
        Phase next = phase;
        phaseStart = System.nanoTime();
        long deadline = phaseStart + limit(next);
        if (check != null && deadline - checkAt < 0) {
            check.cancel(false);
            check = null;
        }
        if (check == null) {
            schedule(limit(next));
        }
    }

    private long limit(Phase p) {
        return p == Phase.HEADERS ? headersNanos : keepAliveNanos;
    }

    private void schedule(long delayNanos) {
        checkAt = System.nanoTime() + delayNanos;
        check = ctx.executor().schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        check = null;
        if (phase == Phase.BUSY || !ctx.channel().isActive()) {
            return;
        }
        long elapsed = System.nanoTime() - phaseStart;
        long limit = limit(phase);
        if (elapsed >= limit) {
            expiry.expired(phase);
        } else {
            schedule(limit - elapsed);
        }
    }
}
