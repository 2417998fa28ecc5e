package dev.harrier.kernel;

import dev.harrier.http.TlsInfo;
import dev.harrier.spi.BindTarget;
import dev.harrier.spi.ConnectionKind;
import dev.harrier.spi.ProtocolProvider;
import dev.harrier.spi.Transport;
import dev.harrier.spi.Listener;
import dev.harrier.spi.TransportConnection;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured endpoint while the server runs: binds it through its transport (every address
 * its URL stands for), publishes the bound URLs, keeps its connections, and stops listening.
 * Bound at most once at a time; when its providers change it is unbound, drained and bound again.
 */
final class ServedEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(ServedEndpoint.class);
    private static final int DYNAMIC_PORT_ATTEMPTS = 10;

    private final KernelServer server;
    private final EndpointConfig config;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Listener> listeners = new ArrayList<>();
    /** Socket files this endpoint created, removed when it stops listening (never another process's). */
    private final List<Path> socketFiles = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    /** What it is bound with, or {@code null} while it is not. */
    private Endpoint bound;
    /** The Alt-Svc value its stream connections' responses carry, or {@code null}; read on the event loops. */
    private volatile String altSvc;

    ServedEndpoint(KernelServer server, EndpointConfig config) {
        this.server = server;
        this.config = config;
    }

    EndpointConfig config() {
        return config;
    }

    /** What the endpoint is bound with, or {@code null}. */
    Endpoint bound() {
        return bound;
    }

    /** The URLs it listens on, with real ports; empty while it is not bound. */
    List<String> urls() {
        return List.copyOf(urls);
    }

    ChannelGroup connections() {
        return connections;
    }

    /**
     * Listens on every address of the endpoint's URL; on failure closes what it had bound.
     *
     * @throws ConfigurationException naming the endpoint, the address and the fix
     */
    void bind(Endpoint endpoint) {
        bound = endpoint;
        try {
            EndpointUrl url = endpoint.url();
            switch (url.kind()) {
                case UNIX -> {
                    UnixSocketFile.prepare(url.socketPath(), endpoint.describe());
                    bindStream(new BindTarget.Unix(url.socketPath()));
                    socketFiles.add(url.socketPath());
                    String permissions = config.socketOptions().filePermissions();
                    if (permissions != null) {
                        UnixSocketFile.applyPermissions(url.socketPath(), permissions, endpoint.describe());
                    }
                    publish(url.scheme() + "://unix:" + url.socketPath());
                }
                case IP -> publish(url.scheme() + "://" + hostText(url.ip()) + ":" + bindIp(url.ip(), url.port()));
                case ANY_IPV4 -> publish(url.scheme() + "://0.0.0.0:" + bindIp(ipv4Any(), url.port()));
                case ANY -> bindAny(url);
                case LOCALHOST -> publish(url.scheme() + "://localhost:" + bindLocalhost(url.port()));
                case DESCRIPTOR -> {
                    InetSocketAddress address = (InetSocketAddress) bindStream(
                            new BindTarget.Descriptor(url.descriptor())).localAddress();
                    publish(url.scheme() + "://" + hostText(address.getAddress()) + ":" + address.getPort());
                }
            }
        } catch (RuntimeException e) {
            stopListening();
            throw e;
        }
    }

    /** Stops accepting and forgets the bound state; its connections stay open (see {@link #connections()}). */
    void stopListening() {
        for (Listener listener : listeners) {
            listener.close();
        }
        listeners.clear();
        socketFiles.forEach(UnixSocketFile::remove);
        socketFiles.clear();
        urls.clear();
        bound = null;
        altSvc = null;
    }

    private void bindAny(EndpointUrl url) {
        int port;
        String host = "[::]";
        try {
            port = bindIp(InetAddress.getByName("::"), url.port());
        } catch (ConfigurationException | UnknownHostException e) {
            if (isAddressInUse(e)) {
                throw e instanceof ConfigurationException c ? c : new ConfigurationException(e.getMessage(), e);
            }
            LOG.info("IPv6 is unavailable ({}); endpoint {} listens on every IPv4 address only",
                    e.getMessage(), bound.describe());
            closeListenersFrom(0);
            port = bindIp(ipv4Any(), url.port());
            host = "0.0.0.0";
        }
        publish(url.scheme() + "://" + host + ":" + port);
    }

    /** Binds 127.0.0.1 and ::1 on one port; with port 0 both families get the same chosen port. */
    private int bindLocalhost(int requestedPort) {
        InetAddress v4 = InetAddress.getLoopbackAddress() instanceof Inet4Address a ? a : loopbackV4();
        for (int attempt = 1; ; attempt++) {
            int port = bindIp(v4, requestedPort);
            int v4Listeners = listeners.size();
            try {
                bindIp(InetAddress.getByName("::1"), port);
                return port;
            } catch (ConfigurationException | UnknownHostException e) {
                if (!isAddressInUse(e)) {
                    closeListenersFrom(v4Listeners);
                    LOG.info("Unable to bind to {} on the IPv6 loopback interface ({}); IPv4 only",
                            bound.url(), e.getMessage());
                    return port;
                }
                if (requestedPort != 0 || attempt == DYNAMIC_PORT_ATTEMPTS) {
                    throw e instanceof ConfigurationException c ? c : new ConfigurationException(e.getMessage(), e);
                }
                closeListenersFrom(0);
            }
        }
    }

    /** Closes the listeners bound from index {@code first} on, after a failed attempt. */
    private void closeListenersFrom(int first) {
        while (listeners.size() > first) {
            listeners.remove(listeners.size() - 1).close();
        }
    }

    /**
     * Listens on one IP address: over TCP for the stream protocols, then on UDP for the
     * multiplexed ones, on the port TCP got (so that port 0 gives both the same port).
     *
     * @return the port bound
     */
    private int bindIp(InetAddress address, int port) {
        for (int attempt = 1; ; attempt++) {
            int first = listeners.size();
            try {
                return bindIpOnce(address, port);
            } catch (ConfigurationException e) {
                // Port 0: the port TCP got may be taken on UDP; take another.
                if (port != 0 || !isAddressInUse(e) || attempt == DYNAMIC_PORT_ATTEMPTS) {
                    throw e;
                }
                closeListenersFrom(first);
            }
        }
    }

    private int bindIpOnce(InetAddress address, int port) {
        Endpoint endpoint = bound;
        int bound = port;
        if (!endpoint.protocols().stream().isEmpty()) {
            bound = port(bindStream(new BindTarget.Tcp(new InetSocketAddress(address, port))));
        }
        if (endpoint.multiplexed() != null) {
            bound = port(bindTarget(endpoint.multiplexed(), new BindTarget.Datagram(new InetSocketAddress(address, bound),
                    endpoint.tls(), endpoint.protocols().multiplexedAlpnIds())));
            if (!config.disableAltSvcHeader()) {
                altSvc = altSvc(endpoint.protocols().multiplexedAlpnIds(), bound);
            }
        }
        return bound;
    }

    /** RFC 7838: {@code h3=":443"; ma=86400}, one entry per ALPN id; a day, as Kestrel advertises. */
    private static String altSvc(List<String> alpnIds, int port) {
        return alpnIds.stream().map(id -> id + "=\":" + port + "\"; ma=86400").collect(Collectors.joining(", "));
    }

    private static int port(Listener listener) {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    private Listener bindStream(BindTarget target) {
        return bindTarget(bound.transport(), target);
    }

    private Listener bindTarget(Transport transport, BindTarget target) {
        Endpoint endpoint = bound;
        if (!transport.supports(target)) {
            throw new ConfigurationException("Transport '" + transport.name() + "' cannot listen on "
                    + endpoint.url() + " (endpoint " + endpoint.describe() + "); choose another transport for it.");
        }
        try {
            Listener listener = transport.listen(target, config.socketOptions(), connection -> accept(endpoint, connection));
            listeners.add(listener);
            return listener;
        } catch (IOException e) {
            throw bindFailure(endpoint, target, e);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Endpoint " + endpoint.describe() + " cannot listen: " + e.getMessage(), e);
        }
    }

    /**
     * Takes a connection a listener accepted: counts it and sets up its layers (TLS) and its
     * protocol, or for a multiplexed connection, secured by its transport, the protocol its ALPN chose.
     */
    private void accept(Endpoint endpoint, TransportConnection accepted) {
        Channel channel = accepted.channel();
        KernelConnection connection = server.admit(accepted, endpoint);
        if (connection == null) {
            return;
        }
        connections.add(channel);
        if (accepted.kind() == ConnectionKind.STREAM) {
            connection.altSvc(altSvc);
            ConnectionLayers.begin(channel, connection);
            return;
        }
        TlsInfo tls = accepted.tls();
        ProtocolProvider protocol = endpoint.protocols().negotiatedMultiplexed(tls == null ? null : tls.applicationProtocol());
        if (protocol == null) {
            LOG.debug("Connection {} negotiated no protocol of endpoint {}; closed", connection.id(), endpoint.describe());
            channel.close();
            return;
        }
        connection.tls(tls);
        connection.install(protocol);
    }

    private void publish(String url) {
        urls.add(url);
        Endpoint endpoint = bound;
        EndpointProtocols protocols = endpoint.protocols();
        String stream = protocols.stream().stream().map(ProtocolProvider::name).sorted().collect(Collectors.joining(", "));
        if (endpoint.multiplexed() == null) {
            LOG.info("Now listening on: {} ({}) with {}", url, endpoint.transport().name(), stream);
        } else if (protocols.stream().isEmpty()) {
            LOG.info("Now listening on: {} ({} over {}) with {} on UDP", url, endpoint.multiplexed().name(),
                    endpoint.transport().name(), protocols.multiplexedNames());
        } else {
            LOG.info("Now listening on: {} ({}) with {} on TCP and {} on UDP ({} over {})", url,
                    endpoint.transport().name(), stream, protocols.multiplexedNames(), endpoint.multiplexed().name(),
                    endpoint.transport().name());
        }
    }

    private static ConfigurationException bindFailure(Endpoint endpoint, BindTarget target, Throwable cause) {
        String where = switch (target) {
            case BindTarget.Tcp tcp -> hostText(tcp.address().getAddress()) + ":" + tcp.address().getPort();
            case BindTarget.Unix unix -> "unix:" + unix.path();
            case BindTarget.Descriptor descriptor -> "the socket of file descriptor " + descriptor.fd();
            case BindTarget.Datagram udp -> "UDP " + hostText(udp.address().getAddress()) + ":" + udp.address().getPort();
            default -> target.toString();
        };
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
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress loopbackV4() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
