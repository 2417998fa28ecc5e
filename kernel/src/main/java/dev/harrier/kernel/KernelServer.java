package dev.harrier.kernel;

import dev.harrier.http.Attack;
import dev.harrier.http.RequestHandler;
import dev.harrier.spi.EndpointTls;
import dev.harrier.spi.GracefulClose;
import dev.harrier.spi.ServerTls;
import dev.harrier.spi.ServerTlsOptions;
import dev.harrier.spi.TlsLayerProvider;
import dev.harrier.spi.Transport;
import dev.harrier.spi.TransportConnection;
import dev.harrier.spi.TransportOptions;
import dev.harrier.spi.TransportProvider;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server core, as an application layer (such as {@code WebApp}) runs it: chooses each
 * endpoint's transport, layers and protocols from the provider registry (again whenever a live
 * registry changes), binds and drains endpoints, admits their connections and hands every request
 * to the pipeline; stops gracefully.
 */
public final class KernelServer {

    private static final Logger LOG = LoggerFactory.getLogger(KernelServer.class);
    private static final long DRAIN_POLL_MILLIS = 10;

    private final ServerOptions options;
    private final List<EndpointConfig> endpointConfigs;
    private final ProviderRegistry registry;
    private final Runnable providersChanged = this::providersChanged;
    private final RequestHandler pipeline;
    /** The running transports, by the provider instance that made them (and the carrier of a multiplexed one). */
    private final Map<MadeTransport, Transport> transports = new HashMap<>();
    private final List<ServedEndpoint> endpoints = new ArrayList<>();
    /** The TLS of the HTTPS endpoints, by the provider instance that made it. */
    private final Map<TlsLayerProvider, ServerTls> tls = new IdentityHashMap<>();
    private final AtomicLong connectionNumbers = new AtomicLong();
    private final ConnectionCounter counter;
    /** The write-buffer marks of accepted connections, from maxResponseBufferSize; {@code null} for Netty's. */
    private final WriteBufferWaterMark responseBuffer;
    /** Set when a graceful shutdown gave up waiting: requests aborted from now on say so. */
    private volatile boolean deadlinePassed;
    private volatile List<String> urls = List.of();
    private final ServerCounters counters;
    private final RequestThreads requestThreads;
    /** One throttle per kind of attack, filled at construction and only read afterwards. */
    private final Map<Attack, LogThrottle> attackLogs = new EnumMap<>(Attack.class);
    private final LogThrottle protocolErrorLog = new LogThrottle();
    private boolean stopped;

    /**
     * @param options   the server's options and limits
     * @param endpoints where to listen
     * @param registry  where transports, protocols and TLS come from
     * @param pipeline  what every request runs through
     * @param counters  where refusals, aborts and attacks are counted
     */
    public KernelServer(ServerOptions options, List<EndpointConfig> endpoints, ProviderRegistry registry,
            RequestHandler pipeline, ServerCounters counters) {
        this.options = options;
        this.counters = counters;
        this.endpointConfigs = endpoints;
        this.registry = registry;
        this.pipeline = pipeline;
        this.requestThreads = RequestThreads.create(options.scheduling() == Scheduling.VIRTUAL_THREADS
                ? options.virtualThreadCarriers() : VirtualThreadCarriers.JDK);
        this.counter = new ConnectionCounter(options.limits().maxConcurrentConnections(),
                options.limits().maxConcurrentUpgradedConnections(), counters);
        for (Attack attack : Attack.values()) {
            attackLogs.put(attack, new LogThrottle());
        }
        long maxResponseBuffer = options.limits().maxResponseBufferSize();
        int high = (int) Math.min(Integer.MAX_VALUE, maxResponseBuffer);
        this.responseBuffer = maxResponseBuffer > 0 ? new WriteBufferWaterMark(high / 2, high) : null;
    }

    ServerOptions options() {
        return options;
    }

    RequestThreads requestThreads() {
        return requestThreads;
    }

    RequestHandler pipeline() {
        return pipeline;
    }

    ServerCounters counters() {
        return counters;
    }

    /** Logs and counts an internal error on a connection: a bug, never the client's doing. */
    void unexpected(KernelConnection connection, Throwable cause) {
        counters.unexpectedErrors.incrementAndGet();
        LOG.error("Unexpected error on connection {} ({})", connection.id(), connection.remoteAddress(), cause);
    }

    /** Counts a connection ended to stop an attack and logs it, at most once per kind every 10 s. */
    void attackStopped(KernelConnection connection, Attack attack) {
        long total = counters.attacksStopped.incrementAndGet(attack.ordinal());
        if (attackLogs.get(attack).allow()) {
            LOG.warn("Connection {} from {} ended to stop an attack, {} [{}]; {} connection(s) ended for it so far",
                    connection.id(), connection.remoteAddress(), attack.description(), attack, total);
        }
    }

    /** Counts a protocol error a client made and logs it, at most once every 10 s. */
    void protocolError(KernelConnection connection, String reason) {
        long total = counters.protocolErrors.incrementAndGet();
        if (protocolErrorLog.allow()) {
            LOG.info("Connection {} from {} broke the protocol ({}); {} protocol error(s) so far",
                    connection.id(), connection.remoteAddress(), reason, total);
        }
    }

    /** Whether a graceful shutdown has reached its deadline and is closing what remains. */
    boolean shutdownDeadlinePassed() {
        return deadlinePassed;
    }

    /** The bound URLs, with real ports. */
    public List<String> urls() {
        return urls;
    }

    /**
     * Binds every endpoint; on failure releases whatever was bound and rethrows. With a live
     * registry, an endpoint whose providers are not there yet waits for them instead.
     *
     * @throws ConfigurationException naming the endpoint or key at fault and the fix
     */
    public synchronized void start() {
        try {
            HttpsSettings.checkUsed(options, endpointConfigs);
            for (EndpointConfig config : endpointConfigs) {
                endpoints.add(new ServedEndpoint(this, config));
            }
            reconcile(true);
            if (registry.isLive()) {
                registry.subscribe(providersChanged);
            }
            if (options.scheduling() == Scheduling.VIRTUAL_THREADS) {
                LOG.info("Requests run on virtual threads {}", requestThreads.describe());
            }
            LOG.info("Work is handed between threads through {}", MpscQueues.CHOSEN.describe());
        } catch (RuntimeException e) {
            stop(Duration.ZERO);
            throw e;
        }
    }

    private synchronized void providersChanged() {
        if (!stopped) {
            reconcile(false);
        }
    }

    /**
     * Brings every endpoint in line with the registry: one whose providers are gone or would be
     * chosen differently now is drained and bound anew; one whose providers are missing waits.
     *
     * @param starting whether a failure to bind fails start-up (else it is logged and the
     *                 endpoint waits for the next change)
     */
    private void reconcile(boolean starting) {
        TransportSelector selector = new TransportSelector(registry.transports());
        for (ServedEndpoint served : endpoints) {
            Endpoint wanted = null;
            String missing = null;
            try {
                wanted = resolve(served.config(), selector);
            } catch (MissingProviderException e) {
                if (!registry.isLive()) {
                    throw e;
                }
                missing = e.getMessage();
            }
            Endpoint current = served.bound();
            if (current != null && wanted != null && current.sameProviders(wanted)) {
                continue;
            }
            if (current != null) {
                LOG.info("Endpoint {} stops: its transport or protocols changed", current.describe());
                drain(List.of(served), options.shutdownTimeout(), false);
            }
            if (wanted == null) {
                LOG.info("Endpoint {} waits: {}", Endpoint.describe(served.config()), missing);
                continue;
            }
            try {
                served.bind(wanted);
            } catch (ConfigurationException e) {
                if (starting) {
                    throw e;
                }
                LOG.error("Endpoint {} cannot listen; it waits for the next change of providers: {}",
                        wanted.describe(), e.getMessage());
            }
        }
        closeUnused();
        urls = endpoints.stream().flatMap(e -> e.urls().stream()).toList();
    }

    /** The transport, protocols and layers the registry offers an endpoint now. */
    private Endpoint resolve(EndpointConfig config, TransportSelector selector) {
        String describe = Endpoint.describe(config);
        String requested = config.transport() != null ? config.transport() : options.transport();
        TransportProvider provider = selector.select(requested, describe, options.transportFallback());
        HttpProtocols requestedProtocols = config.protocols() != null ? config.protocols() : options.protocols();
        EndpointProtocols protocols = EndpointProtocols.resolve(requestedProtocols, config.protocols() != null,
                registry.protocols(), config.url(), describe);
        TransportProvider multiplexedProvider = null;
        if (!protocols.multiplexed().isEmpty()) {
            multiplexedProvider = selector.selectMultiplexed(describe, protocols.multiplexedNames());
            if (multiplexedProvider == null) {
                if (protocols.stream().isEmpty()) {
                    throw new ConfigurationException("Endpoint " + describe + " serves only "
                            + protocols.multiplexedNames() + ", and no transport of multiplexed connections is"
                            + " available here (see the log above): add a protocol of stream connections ("
                            + EndpointProtocols.streamNames(registry.protocols()) + ") to its protocols.");
                }
                protocols = protocols.withoutMultiplexed();
            }
        }
        Transport transport = transport(provider, null);
        Transport multiplexed = multiplexedProvider == null ? null : transport(multiplexedProvider, transport);
        if (!config.url().scheme().equals("https")) {
            return new Endpoint(config, config.url(), provider, transport, protocols, null, null, List.of(), null, null);
        }
        TlsLayerProvider tlsProvider = registry.tls().stream().findFirst().orElseThrow(() -> new MissingProviderException(
                "HTTPS endpoint " + describe + " needs a TLS layer, and none was found: add harrier-tls to the class path."));
        try {
            EndpointTls layer = tls.computeIfAbsent(tlsProvider, p -> p.create(new ServerTlsOptions(
                    options.httpsDefaults(), options.httpsByEndpoint(), options.tlsProvider(),
                    options.certificateReloadInterval(), options.isDevelopment())))
                    .forEndpoint(config.name(), describe, config.url().isLoopback(), protocols.alpnIds());
            return new Endpoint(config, config.url(), provider, transport, protocols, tlsProvider, layer,
                    List.of(layer), multiplexedProvider, multiplexed);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    /** The transport a provider made, over {@code carrier} for a multiplexed one; made now if need be. */
    private Transport transport(TransportProvider provider, Transport carrier) {
        return transports.computeIfAbsent(new MadeTransport(provider, carrier), made -> provider.create(
                new TransportOptions(options.eventLoopThreads(), "harrier-" + provider.name().toLowerCase(Locale.ROOT),
                        carrier, options.limits())));
    }

    /** Closes the transports and TLS layers no bound endpoint uses any more: multiplexed ones before their carriers. */
    private void closeUnused() {
        closeUnusedTransports(true);
        closeUnusedTransports(false);
        tls.entrySet().removeIf(entry -> {
            boolean used = endpoints.stream().anyMatch(e -> e.bound() != null && e.bound().tlsProvider() == entry.getKey());
            if (!used) {
                entry.getValue().close();
            }
            return !used;
        });
    }

    private void closeUnusedTransports(boolean multiplexed) {
        transports.entrySet().removeIf(entry -> {
            if ((entry.getKey().carrier() != null) != multiplexed) {
                return false;
            }
            Transport transport = entry.getValue();
            boolean used = endpoints.stream().map(ServedEndpoint::bound)
                    .anyMatch(e -> e != null && (e.transport() == transport || e.multiplexed() == transport));
            if (!used) {
                transport.close();
            }
            return !used;
        });
    }

    /** A running transport's key: the provider that made it and, for a multiplexed one, its carrier. */
    private record MadeTransport(TransportProvider provider, Transport carrier) {
    }

    /**
     * Counts a connection a listener accepted and prepares it; {@code null} (and closed) when
     * the connection limit is reached.
     */
    KernelConnection admit(TransportConnection accepted, Endpoint endpoint) {
        Channel channel = accepted.channel();
        if (!counter.tryAcquire(channel)) {
            channel.close();
            return null;
        }
        if (responseBuffer != null) {
            channel.config().setWriteBufferWaterMark(responseBuffer);
        }
        return new KernelConnection(this, accepted, endpoint, connectionNumbers.incrementAndGet(), counter);
    }

    /**
     * Stops gracefully: no new connections; every connection is asked to finish its in-flight
     * requests and close; what is still open at the deadline is closed (and logged); then the
     * event loops stop.
     */
    public synchronized void stop(Duration timeout) {
        stopped = true;
        registry.unsubscribe(providersChanged);
        drain(endpoints, timeout, true);
        closeUnused();
        requestThreads.close();
    }

    /**
     * Stops the endpoints listening and lets their connections finish: each is told to close
     * gracefully; what is still open at the deadline is closed and counted.
     *
     * @param stopping whether the whole server stops (aborted requests then say so)
     */
    private void drain(List<ServedEndpoint> which, Duration timeout, boolean stopping) {
        List<Channel> open = new ArrayList<>();
        for (ServedEndpoint served : which) {
            served.stopListening();
            open.addAll(served.connections());
        }
        if (open.isEmpty()) {
            return;
        }
        for (Channel channel : open) {
            channel.pipeline().fireUserEventTriggered(GracefulClose.INSTANCE);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (open.stream().anyMatch(Channel::isOpen) && System.nanoTime() - deadline < 0) {
            sleepBriefly();
        }
        int remaining = (int) open.stream().filter(Channel::isOpen).count();
        counters.abortedAtShutdown.addAndGet(remaining);
        if (remaining > 0) {
            LOG.warn("Shutdown timeout ({}) reached: aborting {} connection(s) with requests still in flight",
                    timeout, remaining);
            deadlinePassed = stopping;
        }
        for (Channel channel : open) {
            channel.close().awaitUninterruptibly();
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(DRAIN_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
