package dev.harrier.kernel;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/** Decides on which thread, and in which order, a connection's requests run their pipeline. */
abstract sealed class Dispatcher {

    /** A new request has arrived (called on the event loop). */
    abstract void submit(RequestContext request);

    /** A request's body has been received in full (called on the event loop). */
    void bodyComplete(RequestContext request) {
    }

    /** @param threads makes the request threads of {@link Scheduling#VIRTUAL_THREADS} */
    static Dispatcher create(Scheduling scheduling, boolean multiplexed, ThreadFactory threads) {
        return switch (scheduling) {
            case VIRTUAL_THREADS -> multiplexed ? new VirtualPerRequest(threads) : new VirtualSequential(threads);
            case INLINE -> new Inline(!multiplexed);
        };
    }

    /** Each request on a virtual thread of its own, concurrently (HTTP/2, HTTP/3 streams). */
    static final class VirtualPerRequest extends Dispatcher {
        private final ThreadFactory threads;

        VirtualPerRequest(ThreadFactory threads) {
            this.threads = threads;
        }

        @Override
        void submit(RequestContext request) {
            threads.newThread(request::process).start();
        }
    }

    /**
     * Requests of one HTTP/1.x connection one after another on a virtual thread that lives
     * while requests are waiting, so a pipelined batch costs one thread start, not one each.
     */
    static final class VirtualSequential extends Dispatcher implements Runnable {
        private final Queue<RequestContext> queue = MpscQueues.CHOSEN.newQueue();
        private final AtomicBoolean running = new AtomicBoolean();
        private final ThreadFactory threads;

        VirtualSequential(ThreadFactory threads) {
            this.threads = threads;
        }

        @Override
        void submit(RequestContext request) {
            queue.add(request);
            if (running.compareAndSet(false, true)) {
                threads.newThread(this).start();
            }
        }

        @Override
        public void run() {
            for (;;) {
                RequestContext request = queue.poll();
                if (request != null) {
                    request.process();
                    continue;
                }
                running.set(false);
                if (queue.isEmpty() || !running.compareAndSet(false, true)) {
                    return;
                }
            }
        }
    }

    /**
     * On the event loop once the body is complete; in arrival order when {@code ordered}.
     * Only the event loop touches this dispatcher.
     */
    static final class Inline extends Dispatcher {
        private final boolean ordered;
        private final ArrayDeque<RequestContext> queue = new ArrayDeque<>();
        private boolean running;

        Inline(boolean ordered) {
            this.ordered = ordered;
        }

        /** Reads the body ahead (the pipeline may not block on it), then runs when it is in. */
        @Override
        void submit(RequestContext request) {
            request.prefetchBody();
            if (ordered) {
                queue.add(request);
            }
            if (request.bodyReceived()) {
                // Refused at dispatch (declared body too large): its body may never be sent.
                bodyComplete(request);
            }
        }

        @Override
        void bodyComplete(RequestContext request) {
            if (ordered) {
                drain();
            } else {
                request.process();
            }
        }

        private void drain() {
            if (running) {
                return;
            }
            running = true;
            try {
                RequestContext head;
                while ((head = queue.peek()) != null && head.bodyReceived()) {
                    queue.poll();
                    head.process();
                }
            } finally {
                running = false;
            }
        }
    }
}
