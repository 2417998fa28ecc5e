package dev.harrier.app;

import dev.harrier.http.ApplicationLifetime;
import dev.harrier.http.Features;
import dev.harrier.http.Middleware;
import dev.harrier.http.RequestHandler;
import dev.harrier.http.ServerAddresses;
import dev.harrier.http.ServerLimits;
import dev.harrier.kernel.ConfigurationException;
import dev.harrier.kernel.ServerOptions;
import dev.harrier.kernel.ProviderRegistry;
import dev.harrier.kernel.KernelServer;
import dev.harrier.kernel.ServerCounters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A web application that is its own server.
 *
 * <pre>{@code
 * var app = WebApp.create(args);
 * app.get("/", ctx -> ctx.response().send("Hello"));
 * app.run();
 * }</pre>
 *
 * Settings come, in rising precedence, from defaults, {@code harrier.properties}, the
 * {@code HARRIER_*} environment, the command line and code ({@link #urls}, {@link #options()},
 * {@link #configuration()}). Configure before {@link #start()}.
 */
public final class WebApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);

    private final Configuration configuration;
    private final ProviderRegistry registry;
    private final ServerOptions options = new ServerOptions();
    private final List<Middleware> middleware = new ArrayList<>();
    private final Router router = new Router();
    private final Features features = new Features();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Lifetime lifetime = new Lifetime();
    private final ServerCounters counters = new ServerCounters();
    private KernelServer server;
    private Thread shutdownHook;

    private WebApp(Configuration configuration, ProviderRegistry registry) {
        this.configuration = configuration;
        this.registry = registry;
        new ConfigurationBinder(configuration).bind(options);
        configuration.optionsBound();
    }

    /**
     * Creates an app configured from {@code harrier.properties} in the working directory (or
     * {@code --config FILE}), the environment and the command line, with the transports and
     * protocols found on the class path.
     *
     * @throws ConfigurationException naming the key at fault and the fix
     */
    public static WebApp create(String... args) {
        return create(Configuration.load(args, System.getenv(), Path.of("")),
                ProviderRegistry.serviceLoader(WebApp.class.getClassLoader()));
    }

    /** Creates an app from an explicit configuration and provider registry (embedding, OSGi, tests). */
    public static WebApp create(Configuration configuration, ProviderRegistry registry) {
        return new WebApp(configuration, registry);
    }

    /** Options and limits; changes made here take precedence over every configuration source. */
    public ServerOptions options() {
        return options;
    }

    /** Shorthand for {@code options().limits()}. */
    public ServerLimits limits() {
        return options.limits();
    }

    /**
     * The merged configuration; {@link Configuration#set} adds a setting with code precedence
     * (the URLs and endpoints only: the app has read the other keys when it was created).
     */
    public Configuration configuration() {
        return configuration;
    }

    /** Sets the URLs to listen on, overriding every other source of {@code harrier.urls}. */
    public WebApp urls(String... urls) {
        configuration.set("harrier.urls", String.join(";", urls));
        return this;
    }

    /** Adds a middleware; middleware run in the order added, before the routes. */
    public WebApp use(Middleware step) {
        ensureNotStarted();
        middleware.add(step);
        return this;
    }

    /** Maps a method and path template (for example {@code /products/{id}}) to a handler. */
    public WebApp map(String method, String template, RequestHandler handler) {
        ensureNotStarted();
        router.map(method, template, handler);
        return this;
    }

    public WebApp get(String template, RequestHandler handler) {
        return map("GET", template, handler);
    }

    public WebApp post(String template, RequestHandler handler) {
        return map("POST", template, handler);
    }

    public WebApp put(String template, RequestHandler handler) {
        return map("PUT", template, handler);
    }

    public WebApp delete(String template, RequestHandler handler) {
        return map("DELETE", template, handler);
    }

    public WebApp patch(String template, RequestHandler handler) {
        return map("PATCH", template, handler);
    }

    /** Started / stopping / stopped callbacks and the readiness signal. */
    public ApplicationLifetime lifetime() {
        return lifetime;
    }

    /** What the server refused or cut off so far (connection limit, slow clients, ...). */
    public ServerCounters counters() {
        return counters;
    }

    /** Server-wide features, among them {@link ServerAddresses} once started. */
    public Features features() {
        return features;
    }

    /** The URLs the server listens on, with real ports; empty before {@link #start()}. */
    public List<String> urls() {
        ServerAddresses addresses = features.get(ServerAddresses.class);
        return addresses == null ? List.of() : addresses.urls();
    }

    /**
     * Binds every endpoint and starts serving; returns at once.
     *
     * @throws ConfigurationException when an endpoint cannot be bound or is misconfigured
     */
    public synchronized void start() {
        ensureNotStarted();
        KernelServer starting = new KernelServer(options, new ConfigurationBinder(configuration).endpoints(options.socketOptions()),
                registry, Pipeline.compose(List.copyOf(middleware), router), counters);
        starting.start();
        server = starting;
        features.set(ServerAddresses.class, starting::urls);
        lifetime.markStarted();
    }

    /**
     * Starts the server and blocks until it is stopped by {@link #stop()}, SIGTERM or Ctrl+C.
     */
    public void run() {
        start();
        shutdownHook = new Thread(this::stop, "harrier-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        LOG.info("Application started. Press Ctrl+C to shut down.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
        }
    }

    /** Stops gracefully within {@link ServerOptions#shutdownTimeout()}. Idempotent. */
    public void stop() {
        stop(options.shutdownTimeout());
    }

    /**
     * Stops gracefully: readiness turns false, listening stops, in-flight requests get up to
     * {@code timeout} to finish (their responses say {@code Connection: close}), idle
     * connections close at once, and whatever is left at the deadline is aborted and logged.
     * Idempotent.
     */
    public synchronized void stop(Duration timeout) {
        if (server == null) {
            return;
        }
        LOG.info("Application is shutting down...");
        lifetime.markStopping();
        server.stop(timeout);
        server = null;
        lifetime.markStopped();
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException jvmAlreadyExiting) {
                LOG.debug("The JVM is already shutting down");
            }
        }
        stopped.countDown();
    }

    @Override
    public void close() {
        stop();
    }

    private void ensureNotStarted() {
        if (server != null) {
            throw new IllegalStateException("The server has already started; configure it before start()");
        }
    }
}
