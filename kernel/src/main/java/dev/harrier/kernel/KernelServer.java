package dev.harrier.kernel;

import dev.harrier.http.Attack;
import dev.harrier.http.RequestHandler;
import dev.harrier.spi.BindTarget;
import dev.harrier.spi.GracefulClose;
import dev.harrier.spi.SocketOptions;
import dev.harrier.spi.Transport;
import dev.harrier.spi.TransportOptions;
import dev.harrier.spi.TransportProvider;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds the endpoints, accepts connections and hands them to their protocol. */
final class KernelServer {

    private static final Logger LOG = LoggerFactory.getLogger(KernelServer.class);
    private static final int LOCALHOST_DYNAMIC_PORT_ATTEMPTS = 10;
    private static final long DRAIN_POLL_MILLIS = 10;

    private final ServerOptions options;
    private final List<EndpointConfig> endpointConfigs;
    private final ProviderRegistry registry;
    private final RequestHandler pipeline;
    private final Map<String, Transport> transports = new LinkedHashMap<>();
    private final List<Channel> listeners = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    /** Socket files this server created, removed when it stops (never another process's). */
    private final List<java.nio.file.Path> boundSocketFiles = new ArrayList<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final ChannelGroup connections = new DefaultChannelGroup("harrier-connections", GlobalEventExecutor.INSTANCE);
    private final AtomicLong connectionNumbers = new AtomicLong();
    private final ConnectionCounter counter;
    /** Set when a graceful shutdown gave up waiting: requests aborted from now on say so. */
    private volatile boolean deadlinePassed;
    private final ServerCounters counters;
    private final RequestThreads requestThreads;
    /** Reloads changed certificate files; {@code null} without HTTPS endpoints. */
    private CertificateWatcher certificateWatcher;
    /** One throttle per kind of attack, filled at construction and only read afterwards. */
    private final Map<Attack, LogThrottle> attackLogs = new EnumMap<>(Attack.class);

    KernelServer(ServerOptions options, List<EndpointConfig> endpoints, ProviderRegistry registry,
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

    /** Whether a graceful shutdown has reached its deadline and is closing what remains. */
    boolean shutdownDeadlinePassed() {
        return deadlinePassed;
    }

    /** The bound URLs, with real ports. */
    List<String> urls() {
        return List.copyOf(urls);
    }

    /** Binds every endpoint; on failure releases whatever was bound and rethrows. */
    void start() {
        try {
            TransportSelector selector = new TransportSelector(registry.transports());
            TlsContexts tls = new TlsContexts(options);
            tls.checkSettingsAreUsed(endpointConfigs);
            for (EndpointConfig config : endpointConfigs) {
                String describe = "'" + config.name() + "' (" + config.url() + ")";
                String requested = config.transport() != null ? config.transport() : options.transport();
                TransportProvider provider = selector.select(requested, describe, options.transportFallback());
                Transport transport = transports.computeIfAbsent(provider.name(), name -> provider.create(
                        new TransportOptions(options.eventLoopThreads(), "harrier-" + name.toLowerCase(Locale.ROOT))));
                HttpProtocols requestedProtocols = config.protocols() != null ? config.protocols() : options.protocols();
                EndpointProtocols protocols = EndpointProtocols.resolve(requestedProtocols, config.protocols() != null,
                        registry.protocols(), describe);
                SniSelector certificates = config.url().scheme().equals("https")
                        ? tls.forEndpoint(config, describe, protocols.alpnIds()) : null;
                endpoints.add(new Endpoint(config, config.url(), transport, protocols, certificates));
            }
            for (Endpoint endpoint : endpoints) {
                bind(endpoint);
            }
            certificateWatcher = tls.watch();
            if (options.scheduling() == Scheduling.VIRTUAL_THREADS) {
                LOG.info("Requests run on virtual threads {}", requestThreads.describe());
            }
            LOG.info("Work is handed between threads through {}", MpscQueues.CHOSEN.describe());
        } catch (RuntimeException e) {
            stop(Duration.ZERO);
            throw e;
        }
    }

    /**
     * Stops gracefully: no new connections; every connection is asked to finish its in-flight
     * requests and close; what is still open at the deadline is closed (and logged); then the
     * event loops stop.
     */
    void stop(Duration timeout) {
        if (certificateWatcher != null) {
            certificateWatcher.close();
            certificateWatcher = null;
        }
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly();
        }
        awaitPendingRegistrations();
        if (!connections.isEmpty()) {
            for (Channel channel : connections) {
                channel.pipeline().fireUserEventTriggered(GracefulClose.INSTANCE);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!connections.isEmpty() && System.nanoTime() - deadline < 0) {
                sleepBriefly();
            }
            int remaining = connections.size();
            counters.abortedAtShutdown.addAndGet(remaining);
            if (remaining > 0) {
                LOG.warn("Shutdown timeout ({}) reached: aborting {} connection(s) with requests still in flight",
                        timeout, remaining);
                deadlinePassed = true;
            }
            connections.close().awaitUninterruptibly();
        }
        for (Transport transport : transports.values()) {
            transport.close();
        }
        requestThreads.close();
        boundSocketFiles.forEach(UnixSocketFile::remove);
        boundSocketFiles.clear();
        listeners.clear();
        transports.clear();
    }

    /**
     * Waits until every connection accepted before the listeners closed has been set up: each
     * accept queued its registration on a connection's event loop before the close completed, so
     * once every loop has run a task queued now, those connections are in {@link #connections}
     * and receive the graceful close like any other.
     */
    private void awaitPendingRegistrations() {
        for (Transport transport : transports.values()) {
            for (EventExecutor loop : transport.eventLoopGroup()) {
                loop.submit(() -> { }).awaitUninterruptibly();
            }
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(DRAIN_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void bind(Endpoint endpoint) {
        EndpointUrl url = endpoint.url();
        switch (url.kind()) {
            case UNIX -> {
                UnixSocketFile.prepare(url.socketPath(), endpoint.describe());
                bindTarget(endpoint, new BindTarget.Unix(url.socketPath()));
                boundSocketFiles.add(url.socketPath());
                String permissions = endpoint.config().socketOptions().filePermissions();
                if (permissions != null) {
                    UnixSocketFile.applyPermissions(url.socketPath(), permissions, endpoint.describe());
                }
                publish(endpoint, url.scheme() + "://unix:" + url.socketPath());
            }
            case IP -> {
                int port = bindTcp(endpoint, url.ip(), url.port());
                publish(endpoint, url.scheme() + "://" + hostText(url.ip()) + ":" + port);
            }
            case ANY_IPV4 -> {
                int port = bindTcp(endpoint, ipv4Any(), url.port());
                publish(endpoint, url.scheme() + "://0.0.0.0:" + port);
            }
            case ANY -> {
                int port;
                String host = "[::]";
                try {
                    port = bindTcp(endpoint, InetAddress.getByName("::"), url.port());
                } catch (ConfigurationException | java.net.UnknownHostException e) {
                    if (isAddressInUse(e)) {
                        throw e instanceof ConfigurationException c ? c : new ConfigurationException(e.getMessage(), e);
                    }
                    LOG.info("IPv6 is unavailable ({}); endpoint {} listens on every IPv4 address only",
                            e.getMessage(), endpoint.describe());
                    port = bindTcp(endpoint, ipv4Any(), url.port());
                    host = "0.0.0.0";
                }
                publish(endpoint, url.scheme() + "://" + host + ":" + port);
            }
            case LOCALHOST -> publish(endpoint, url.scheme() + "://localhost:" + bindLocalhost(endpoint));
        }
    }

    /** Binds 127.0.0.1 and ::1 on one port; with port 0 both families get the same chosen port. */
    private int bindLocalhost(Endpoint endpoint) {
        InetAddress v4 = InetAddress.getLoopbackAddress() instanceof Inet4Address a ? a : loopbackV4();
        for (int attempt = 1; ; attempt++) {
            int port = bindTcp(endpoint, v4, endpoint.url().port());
            Channel v4Channel = listeners.get(listeners.size() - 1);
            try {
                bindTcp(endpoint, InetAddress.getByName("::1"), port);
                return port;
            } catch (ConfigurationException | java.net.UnknownHostException e) {
                if (!isAddressInUse(e)) {
                    LOG.info("Unable to bind to {} on the IPv6 loopback interface ({}); IPv4 only",
                            endpoint.url(), e.getMessage());
                    return port;
                }
                if (endpoint.url().port() != 0 || attempt == LOCALHOST_DYNAMIC_PORT_ATTEMPTS) {
                    throw e instanceof ConfigurationException c ? c : new ConfigurationException(e.getMessage(), e);
                }
                listeners.remove(v4Channel);
                v4Channel.close().awaitUninterruptibly();
            }
        }
    }

    private int bindTcp(Endpoint endpoint, InetAddress address, int port) {
        Channel channel = bindTarget(endpoint, new BindTarget.Tcp(new InetSocketAddress(address, port)));
        return ((InetSocketAddress) endpoint.transport().applicationAddress(channel.localAddress())).getPort();
    }

    private Channel bindTarget(Endpoint endpoint, BindTarget target) {
        Transport transport = endpoint.transport();
        if (!transport.supports(target)) {
            throw new ConfigurationException("Transport '" + transport.name() + "' cannot listen on "
                    + endpoint.url() + " (endpoint " + endpoint.describe() + "); choose another transport for it.");
        }
        SocketOptions socket = endpoint.config().socketOptions();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(transport.eventLoopGroup())
                .channelFactory(transport.serverChannelFactory(target))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel listener) {
                        setOption(listener, ChannelOption.SO_BACKLOG, socket.backlog());
                    }
                })
                .childHandler(acceptor(endpoint, target instanceof BindTarget.Tcp ? socket : null));
        long maxResponseBuffer = options.limits().maxResponseBufferSize();
        if (maxResponseBuffer > 0) {
            int high = (int) Math.min(Integer.MAX_VALUE, maxResponseBuffer);
            bootstrap.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high));
        }
        transport.configure(bootstrap, target, socket);
        ChannelFuture future = bootstrap.bind(transport.socketAddress(target)).awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw bindFailure(endpoint, target, future.cause());
        }
        listeners.add(future.channel());
        return future.channel();
    }

    /** @param tcp the TCP options of accepted connections, {@code null} for a Unix socket */
    private ChannelHandler acceptor(Endpoint endpoint, SocketOptions tcp) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                if (!counter.tryAcquire(channel)) {
                    channel.close();
                    return;
                }
                if (tcp != null) {
                    setOption(channel, ChannelOption.TCP_NODELAY, tcp.tcpNoDelay());
                    setOption(channel, ChannelOption.SO_KEEPALIVE, tcp.keepAlive());
                }
                connections.add(channel);
                KernelConnection connection = new KernelConnection(KernelServer.this, channel, endpoint,
                        connectionNumbers.incrementAndGet(), counter);
                if (endpoint.tls() != null) {
                    TlsHandshake.begin(channel, connection, endpoint.tls());
                } else {
                    endpoint.protocols().installCleartext(channel, connection);
                }
            }
        };
    }

    /**
     * Sets a socket option on a channel of any transport: one that does not know it (a custom,
     * non-socket transport) ignores it, with a debug note rather than Netty's warning.
     */
    private static <T> void setOption(Channel channel, ChannelOption<T> option, T value) {
        if (!channel.config().setOption(option, value)) {
            LOG.debug("{} has no option {}; ignored", channel, option);
        }
    }

    private void publish(Endpoint endpoint, String url) {
        urls.add(url);
        LOG.info("Now listening on: {} ({})", url, endpoint.transport().name());
    }

    private static ConfigurationException bindFailure(Endpoint endpoint, BindTarget target, Throwable cause) {
        String where = target instanceof BindTarget.Tcp tcp ? hostText(tcp.address().getAddress()) + ":" + tcp.address().getPort()
                : "unix:" + ((BindTarget.Unix) target).path();
        String message = String.valueOf(cause.getMessage());
        String fix = message.toLowerCase(Locale.ROOT).contains("address already in use")
                ? "address already in use. Stop the process using it, or configure another port or path for this endpoint"
                : message + ". Check the address of this endpoint";
        return new ConfigurationException("Failed to bind to " + where + " for endpoint " + endpoint.describe()
                + ": " + fix + ".", cause);
    }

    private static boolean isAddressInUse(Exception e) {
        return String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("address already in use");
    }

    private static String hostText(InetAddress address) {
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        return address instanceof Inet4Address ? text : "[" + text + "]";
    }

    private static InetAddress ipv4Any() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress loopbackV4() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
