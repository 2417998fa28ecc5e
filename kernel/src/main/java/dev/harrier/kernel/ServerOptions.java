package dev.harrier.kernel;

import dev.harrier.http.HttpsOptions;
import dev.harrier.http.ServerLimits;
import dev.harrier.http.TlsProvider;
import dev.harrier.spi.SocketOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Server-wide options; read at start-up, so change them before the server starts. */
public final class ServerOptions {

    private final ServerLimits limits = new ServerLimits();
    private Scheduling scheduling = Scheduling.VIRTUAL_THREADS;
    private VirtualThreadCarriers virtualThreadCarriers = VirtualThreadCarriers.AUTO;
    private boolean addServerHeader = true;
    private int eventLoopThreads = Runtime.getRuntime().availableProcessors();
    private String transport = "auto";
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private boolean transportFallback;
    private SocketOptions socketOptions = SocketOptions.DEFAULTS;
    private HttpProtocols protocols;
    private String environment = PRODUCTION;
    private TlsProvider tlsProvider = TlsProvider.AUTO;
    private Duration certificateReloadInterval = Duration.ofSeconds(2);
    private final HttpsOptions httpsDefaults = new HttpsOptions();
    private final Map<String, HttpsOptions> https = new LinkedHashMap<>();

    /** The environment name of a development machine: HTTPS on localhost may use the development certificate. */
    public static final String DEVELOPMENT = "Development";
    /** The default environment name. */
    public static final String PRODUCTION = "Production";

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

    /** Which threads carry the request threads of {@link Scheduling#VIRTUAL_THREADS}; default {@code AUTO}. */
    public VirtualThreadCarriers virtualThreadCarriers() {
        return virtualThreadCarriers;
    }

    public ServerOptions virtualThreadCarriers(VirtualThreadCarriers value) {
        virtualThreadCarriers = Objects.requireNonNull(value, "virtualThreadCarriers");
        return this;
    }

    /** Whether responses carry {@code Server: harrier} (unless the application sets its own); default {@code true}. */
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
     * The protocols of endpoints that do not set their own, or {@code null} (the default) for those
     * whose providers are served by default: HTTP/1.1 and HTTP/2, as Kestrel's
     * {@code Http1AndHttp2}. Of names set here, those without a provider are left out as long as
     * one remains.
     */
    public HttpProtocols protocols() {
        return protocols;
    }

    public ServerOptions protocols(HttpProtocols value) {
        protocols = Objects.requireNonNull(value, "protocols");
        return this;
    }

    /**
     * The environment, as ASP.NET Core's: {@code Production} (the default) or
     * {@code Development}, or any other name. In {@code Development}, an HTTPS endpoint on the
     * loopback interface without a certificate uses the development certificate, creating it
     * on first use.
     */
    public String environment() {
        return environment;
    }

    public ServerOptions environment(String value) {
        if (Objects.requireNonNull(value, "environment").isBlank()) {
            throw new IllegalArgumentException("harrier.environment must not be blank");
        }
        environment = value.trim();
        return this;
    }

    /** Whether the {@link #environment()} is {@code Development}. */
    public boolean isDevelopment() {
        return environment.equalsIgnoreCase(DEVELOPMENT);
    }

    /** The TLS implementation of HTTPS endpoints; default {@link TlsProvider#AUTO}. */
    public TlsProvider tlsProvider() {
        return tlsProvider;
    }

    public ServerOptions tlsProvider(TlsProvider value) {
        tlsProvider = Objects.requireNonNull(value, "tlsProvider");
        return this;
    }

    /**
     * How often the certificate files of HTTPS endpoints are checked for changes; default 2 s.
     * A changed file is loaded once it has stayed unchanged for one interval; new connections
     * then get the new certificate.
     */
    public Duration certificateReloadInterval() {
        return certificateReloadInterval;
    }

    public ServerOptions certificateReloadInterval(Duration value) {
        Objects.requireNonNull(value, "certificateReloadInterval");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(
                    "harrier.certificates.reloadInterval must be a positive duration such as PT2S, was " + value);
        }
        certificateReloadInterval = value;
        return this;
    }

    /**
     * The HTTPS settings of every HTTPS endpoint that does not set its own, among them the
     * default certificate ({@code harrier.certificates.default.*}).
     */
    public HttpsOptions httpsDefaults() {
        return httpsDefaults;
    }

    /** The HTTPS settings of the endpoint named {@code endpointName} ({@code harrier.endpoints.NAME.*}). */
    public HttpsOptions https(String endpointName) {
        return https.computeIfAbsent(endpointName.toLowerCase(Locale.ROOT), name -> new HttpsOptions());
    }

    /** The HTTPS settings of named endpoints, by lower-case name. */
    Map<String, HttpsOptions> httpsByEndpoint() {
        return https;
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
