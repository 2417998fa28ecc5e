package dev.harrier.kernel;

import dev.harrier.http.AbortSignal;
import dev.harrier.http.BadHttpRequestException;
import dev.harrier.http.ConnectionInfo;
import dev.harrier.http.Features;
import dev.harrier.http.Headers;
import dev.harrier.http.HttpContext;
import dev.harrier.http.HttpRequest;
import dev.harrier.http.HttpResponse;
import dev.harrier.http.HttpUpgradeFeature;
import dev.harrier.http.TlsInfo;
import dev.harrier.spi.Exchange;
import dev.harrier.spi.ExchangeListener;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's {@link HttpContext}: wraps one protocol {@link Exchange}, receives its events
 * and runs the pipeline for it. Request and response state belong to the thread running the
 * pipeline; everything that touches the connection goes through the connection's
 * {@link LoopExecutor}.
 */
final class RequestContext implements HttpContext, ExchangeListener, AbortSignal {

    private static final Logger LOG = LoggerFactory.getLogger(RequestContext.class);
    /** Unread request body bytes drained at most before the connection is closed instead. */
    private static final long DRAIN_LIMIT = 64 * 1024;

    final Exchange exchange;
    final KernelConnection connection;
    final LoopExecutor loop;
    private final KernelRequest request;
    private final KernelResponse response;
    private final long sequence;
    /**
     * Set by the constructor and, on an upgrade, by the event loop before the application
     * learns of it (it waits for the switch); no other thread writes it.
     */
    private RequestBody inbound;
    private volatile boolean aborted;
    /** Event loop only. */
    private boolean bodyEnded;
    private List<Runnable> abortActions;
    private Map<String, Object> items;
    private Features features;
    private ConnectionView connectionView;
    private BadHttpRequestException rejected;
    private boolean prefetching;
    private boolean processed;

    RequestContext(KernelConnection connection, Exchange exchange, long sequence) {
        this.connection = connection;
        this.exchange = exchange;
        this.loop = connection.loop();
        this.sequence = sequence;
        long limit = connection.limits().maxRequestBodySize();
        this.inbound = exchange.contentLength() == 0 ? null
                : new RequestBody(exchange, loop, limit, connection.limits().minRequestBodyDataRate(), this::bodyRejected);
        this.request = new KernelRequest(this, connection.scheme(), limit);
        this.response = new KernelResponse(this);
        if (exchange.upgradable()) {
            features().set(HttpUpgradeFeature.class, new Upgrade(this));
        }
    }

    RequestBody inbound() {
        return inbound;
    }

    /** Replaces the inbound stream (on the event loop), when the connection is upgraded. */
    void inbound(RequestBody body) {
        inbound = body;
    }

    KernelResponse kernelResponse() {
        return response;
    }

    // ---- HttpContext ----

    @Override
    public HttpRequest request() {
        return request;
    }

    @Override
    public HttpResponse response() {
        return response;
    }

    @Override
    public ConnectionInfo connection() {
        if (connectionView == null) {
            connectionView = new ConnectionView();
        }
        return connectionView;
    }

    @Override
    public Map<String, Object> items() {
        if (items == null) {
            items = new HashMap<>();
        }
        return items;
    }

    @Override
    public Features features() {
        if (features == null) {
            features = new Features();
        }
        return features;
    }

    @Override
    public AbortSignal aborted() {
        return this;
    }

    @Override
    public void abort() {
        IOException cause = new IOException("aborted by the application");
        loop.execute(() -> {
            loop.flushBatch();
            exchange.abort(cause);
            onAbort(cause);
        });
    }

    @Override
    public String traceIdentifier() {
        return connection.id() + ":" + String.format("%08X", sequence);
    }

    // ---- AbortSignal ----

    @Override
    public boolean isAborted() {
        return aborted;
    }

    @Override
    public void onAbort(Runnable action) {
        synchronized (this) {
            if (!aborted) {
                if (abortActions == null) {
                    abortActions = new ArrayList<>(2);
                }
                abortActions.add(action);
                return;
            }
        }
        action.run();
    }

    // ---- ExchangeListener (event loop) ----

    @Override
    public void onBody(ByteBuf content) {
        RequestBody body = inbound;
        if (body == null) {
            content.release();
            return;
        }
        body.onData(content);
    }

    @Override
    public void onBodyEnd(Headers trailers) {
        request.trailers(trailers);
        bodyEnded = true;
        RequestBody body = inbound;
        if (body != null) {
            body.onEnd();
        }
        if (rejected == null) { // a rejected request was handed over at dispatch
            connection.dispatcher().bodyComplete(this);
        }
    }

    @Override
    public void onAbort(Throwable cause) {
        List<Runnable> actions;
        synchronized (this) {
            if (aborted) {
                return;
            }
            aborted = true;
            actions = abortActions;
            abortActions = null;
        }
        if (connection.server().shutdownDeadlinePassed() && !response.isCompleted()) {
            LOG.warn("Request {} ({} {}) aborted at the shutdown deadline", traceIdentifier(),
                    exchange.method(), exchange.rawTarget());
        }
        IOException io = cause instanceof IOException e ? e : new IOException(cause);
        RequestBody body = inbound;
        if (body != null) {
            body.onAbort(io);
        }
        response.onAbort();
        if (actions != null) {
            for (Runnable action : actions) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.warn("An abort callback of request {} failed", traceIdentifier(), e);
                }
            }
        }
    }

    @Override
    public void onWritabilityChanged() {
        response.onWritabilityChanged();
    }

    // ---- processing ----

    /**
     * Reads the body ahead of the pipeline (inline scheduling); a body already known to be too
     * large, or arriving too slowly, is rejected without running the pipeline.
     */
    void prefetchBody() {
        RequestBody body = inbound;
        if (body == null) {
            return;
        }
        prefetching = true;
        try {
            body.prefetch();
        } catch (BadHttpRequestException e) {
            rejected = e;
        }
    }

    /**
     * The body was refused while arriving (413 too large, 408 too slow). An application reading
     * it gets the exception from its read; a prefetching (inline) request is answered at once.
     */
    private void bodyRejected(BadHttpRequestException refusal) {
        if (refusal.status() == 408) {
            connection.server().counters().slowRequestBodies.incrementAndGet();
            LOG.info("Request {} cut off: its body arrived slower than the minimum data rate", traceIdentifier());
        }
        if (prefetching) {
            rejected = refusal;
            connection.dispatcher().bodyComplete(this);
        }
    }

    /** Whether the pipeline can run without waiting for body bytes. */
    boolean bodyReceived() {
        return bodyEnded || aborted || rejected != null;
    }

    /** Runs the pipeline for this request and completes the response; once, whoever asks again. */
    void process() {
        if (processed) {
            return;
        }
        processed = true;
        if (rejected != null) {
            response.fail(rejected.status());
        } else if (!aborted) {
            try {
                connection.server().pipeline().handle(this);
                response.checkReturned();
            } catch (BadHttpRequestException e) {
                LOG.debug("Request {} rejected with {}: {}", traceIdentifier(), e.status(), e.getMessage());
                response.fail(e.status());
            } catch (Throwable e) {
                if (!aborted) {
                    LOG.error("Request {} failed: {} {}", traceIdentifier(), request.method(), request.path(), e);
                }
                response.fail(500);
            }
        }
        finish();
    }

    /**
     * Completes the response and releases the body. On HTTP/1.x, a body the application left
     * unread is drained when at most {@link #DRAIN_LIMIT} bytes of it remain; otherwise (or when
     * its length is unknown) the connection closes after the response rather than read it. A
     * multiplexed protocol stops the rest of any unread body after the response (HTTP/2: a
     * RST_STREAM), which costs the connection nothing.
     */
    private void finish() {
        RequestBody body = inbound;
        if (body != null && !aborted && !body.complete()) {
            long length = exchange.contentLength();
            if (connection.concurrentExchanges() || length < 0 || length - body.received() > DRAIN_LIMIT) {
                loop.execute(exchange::closeAfterResponse);
            }
        }
        response.finish();
        if (body != null) {
            body.discard();
        }
    }

    /** The connection as this request sees it: the remote address may be corrected. */
    private final class ConnectionView implements ConnectionInfo {
        private SocketAddress remote;

        @Override
        public String id() {
            return connection.id();
        }

        @Override
        public SocketAddress localAddress() {
            return connection.localAddress();
        }

        @Override
        public SocketAddress remoteAddress() {
            return remote != null ? remote : connection.remoteAddress();
        }

        @Override
        public void remoteAddress(SocketAddress address) {
            remote = address;
        }

        @Override
        public String transport() {
            return connection.transportName();
        }

        @Override
        public String protocol() {
            return exchange.protocol();
        }

        @Override
        public TlsInfo tls() {
            return connection.tls();
        }
    }
}
