package dev.harrier.kernel;

import dev.harrier.http.ServerLimits;
import dev.harrier.spi.SocketOptions;
import java.time.Duration;
import java.util.Objects;

/** Server-wide options; read at start-up, so change them before the server starts. */
public final class ServerOptions {

    private final ServerLimits limits = new ServerLimits();
    private Scheduling scheduling = Scheduling.VIRTUAL_THREADS;
    private boolean addServerHeader = true;
    private int eventLoopThreads = Runtime.getRuntime().availableProcessors();
    private String transport = "auto";
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private boolean transportFallback;
    private SocketOptions socketOptions = SocketOptions.DEFAULTS;
    private HttpProtocols protocols = HttpProtocols.HTTP1_AND_HTTP2;

    public ServerLimits limits() {
        return limits;
    }

    public Scheduling scheduling() {
        return scheduling;
    }

    public ServerOptions scheduling(Scheduling value) {
        scheduling = Objects.requireNonNull(value, "scheduling");
        return this;
    }

    /** Whether responses carry {@code Server: harrier}; default {@code true}. */
    public boolean addServerHeader() {
        return addServerHeader;
    }

    public ServerOptions addServerHeader(boolean value) {
        addServerHeader = value;
        return this;
    }

    /**
     * Event-loop threads per transport; default one per core (measured faster than Netty's
     * two per core for an HTTP server).
     */
    public int eventLoopThreads() {
        return eventLoopThreads;
    }

    public ServerOptions eventLoopThreads(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("harrier.eventLoopThreads must be at least 1, was " + value);
        }
        eventLoopThreads = value;
        return this;
    }

    /** The transport of endpoints that do not name one: {@code auto} or a transport name. */
    public String transport() {
        return transport;
    }

    public ServerOptions transport(String value) {
        transport = Objects.requireNonNull(value, "transport");
        return this;
    }

    /**
     * Whether an endpoint whose requested transport is unavailable falls back to the best
     * available one (with a warning) instead of failing start-up; default {@code false}.
     */
    public boolean transportFallback() {
        return transportFallback;
    }

    public ServerOptions transportFallback(boolean value) {
        transportFallback = value;
        return this;
    }

    /**
     * The HTTP versions of endpoints that do not set their own; default
     * {@link HttpProtocols#HTTP1_AND_HTTP2} (HTTP/1.1 only when no HTTP/2 protocol is on the
     * class path and nothing asked for it).
     */
    public HttpProtocols protocols() {
        return protocols;
    }

    public ServerOptions protocols(HttpProtocols value) {
        protocols = Objects.requireNonNull(value, "protocols");
        return this;
    }

    /** Socket options of endpoints that do not set their own. */
    public SocketOptions socketOptions() {
        return socketOptions;
    }

    public ServerOptions socketOptions(SocketOptions value) {
        socketOptions = Objects.requireNonNull(value, "socketOptions");
        return this;
    }

    /**
     * How long a graceful shutdown lets in-flight requests finish before their connections
     * are closed; default 30 s.
     */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public ServerOptions shutdownTimeout(Duration value) {
        Objects.requireNonNull(value, "shutdownTimeout");
        if (value.isNegative()) {
            throw new IllegalArgumentException("harrier.shutdownTimeout must not be negative, was " + value);
        }
        shutdownTimeout = value;
        return this;
    }
}
