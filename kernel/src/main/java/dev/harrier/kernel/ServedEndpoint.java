package dev.harrier.kernel;

import dev.harrier.spi.BindTarget;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured endpoint while the server runs: binds it through its transport (every address
 * its URL stands for), publishes the bound URLs, keeps its connections, and stops listening.
 * Bound at most once at a time; when its providers change it is unbound, drained and bound again.
 */
final class ServedEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(ServedEndpoint.class);
    private static final int LOCALHOST_DYNAMIC_PORT_ATTEMPTS = 10;

    private final KernelServer server;
    private final EndpointConfig config;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Listener> listeners = new ArrayList<>();
    /** Socket files this endpoint created, removed when it stops listening (never another process's). */
    private final List<Path> socketFiles = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    /** What it is bound with, or {@code null} while it is not. */
    private Endpoint bound;

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
                    bindTarget(new BindTarget.Unix(url.socketPath()));
                    socketFiles.add(url.socketPath());
                    String permissions = config.socketOptions().filePermissions();
                    if (permissions != null) {
                        UnixSocketFile.applyPermissions(url.socketPath(), permissions, endpoint.describe());
                    }
                    publish(url.scheme() + "://unix:" + url.socketPath());
                }
                case IP -> publish(url.scheme() + "://" + hostText(url.ip()) + ":" + bindTcp(url.ip(), url.port()));
                case ANY_IPV4 -> publish(url.scheme() + "://0.0.0.0:" + bindTcp(ipv4Any(), url.port()));
                case ANY -> bindAny(url);
                case LOCALHOST -> publish(url.scheme() + "://localhost:" + bindLocalhost(url.port()));
                case DESCRIPTOR -> {
                    InetSocketAddress address = (InetSocketAddress) bindTarget(
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
    }

    private void bindAny(EndpointUrl url) {
        int port;
        String host = "[::]";
        try {
            port = bindTcp(InetAddress.getByName("::"), url.port());
        } catch (ConfigurationException | UnknownHostException e) {
            if (isAddressInUse(e)) {
                throw e instanceof ConfigurationException c ? c : new ConfigurationException(e.getMessage(), e);
            }
            LOG.info("IPv6 is unavailable ({}); endpoint {} listens on every IPv4 address only",
                    e.getMessage(), bound.describe());
            port = bindTcp(ipv4Any(), url.port());
            host = "0.0.0.0";
        }
        publish(url.scheme() + "://" + host + ":" + port);
    }

    /** Binds 127.0.0.1 and ::1 on one port; with port 0 both families get the same chosen port. */
    private int bindLocalhost(int requestedPort) {
        InetAddress v4 = InetAddress.getLoopbackAddress() instanceof Inet4Address a ? a : loopbackV4();
        for (int attempt = 1; ; attempt++) {
            int port = bindTcp(v4, requestedPort);
            Listener v4Listener = listeners.get(listeners.size() - 1);
            try {
                bindTcp(InetAddress.getByName("::1"), port);
                return port;
            } catch (ConfigurationException | UnknownHostException e) {
                if (!isAddressInUse(e)) {
                    LOG.info("Unable to bind to {} on the IPv6 loopback interface ({}); IPv4 only",
                            bound.url(), e.getMessage());
                    return port;
                }
                if (requestedPort != 0 || attempt == LOCALHOST_DYNAMIC_PORT_ATTEMPTS) {
                    throw e instanceof ConfigurationException c ? c : new ConfigurationException(e.getMessage(), e);
                }
                listeners.remove(v4Listener);
                v4Listener.close();
            }
        }
    }

    private int bindTcp(InetAddress address, int port) {
        Listener listener = bindTarget(new BindTarget.Tcp(new InetSocketAddress(address, port)));
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    private Listener bindTarget(BindTarget target) {
        Endpoint endpoint = bound;
        if (!endpoint.transport().supports(target)) {
            throw new ConfigurationException("Transport '" + endpoint.transport().name() + "' cannot listen on "
                    + endpoint.url() + " (endpoint " + endpoint.describe() + "); choose another transport for it.");
        }
        try {
            Listener listener = endpoint.transport().listen(target, config.socketOptions(),
                    connection -> accept(endpoint, connection));
            listeners.add(listener);
            return listener;
        } catch (IOException e) {
            throw bindFailure(endpoint, target, e);
        }
    }

    /** Takes a connection a listener accepted: counts it and sets up its layers (TLS) or its protocol. */
    private void accept(Endpoint endpoint, TransportConnection accepted) {
        Channel channel = accepted.channel();
        KernelConnection connection = server.admit(accepted, endpoint);
        if (connection == null) {
            return;
        }
        connections.add(channel);
        ConnectionLayers.begin(channel, connection);
    }

    private void publish(String url) {
        urls.add(url);
        LOG.info("Now listening on: {} ({})", url, bound.transport().name());
    }

    private static ConfigurationException bindFailure(Endpoint endpoint, BindTarget target, Throwable cause) {
        String where = switch (target) {
            case BindTarget.Tcp tcp -> hostText(tcp.address().getAddress()) + ":" + tcp.address().getPort();
            case BindTarget.Unix unix -> "unix:" + unix.path();
            case BindTarget.Descriptor descriptor -> "the socket of file descriptor " + descriptor.fd();
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
