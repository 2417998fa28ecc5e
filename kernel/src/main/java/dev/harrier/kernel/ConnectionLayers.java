package dev.harrier.kernel;

import dev.harrier.http.ServerLimits;
import dev.harrier.http.TlsInfo;
import dev.harrier.spi.ConnectionLayer;
import dev.harrier.spi.LayerContext;
import dev.harrier.spi.ProtocolProvider;
import io.netty.channel.Channel;
import java.net.SocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a new connection through its endpoint's layers in their order, then to its protocol: the
 * one the TLS layer's ALPN chose, or on cleartext the one its first bytes call for.
 */
final class ConnectionLayers implements LayerContext {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLayers.class);

    private final Channel channel;
    private final KernelConnection connection;
    private final List<ConnectionLayer> layers;
    private int next;

    private ConnectionLayers(Channel channel, KernelConnection connection, List<ConnectionLayer> layers) {
        this.channel = channel;
        this.connection = connection;
        this.layers = layers;
    }

    /** Sets up a newly accepted connection of the endpoint. */
    static void begin(Channel channel, KernelConnection connection) {
        Endpoint endpoint = connection.endpoint();
        if (endpoint.layers().isEmpty()) {
            endpoint.protocols().installCleartext(channel, connection);
        } else {
            new ConnectionLayers(channel, connection, endpoint.layers()).proceed(null);
        }
    }

    @Override
    public ServerLimits limits() {
        return connection.limits();
    }

    @Override
    public SocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public void handshakeStarted() {
        connection.server().counters().tlsHandshakesInProgress.incrementAndGet();
    }

    @Override
    public void handshakeEnded(boolean success) {
        ServerCounters counters = connection.server().counters();
        counters.tlsHandshakesInProgress.decrementAndGet();
        if (!success) {
            counters.tlsHandshakesFailed.incrementAndGet();
        }
    }

    @Override
    public void proceed(TlsInfo tls) {
        if (tls != null) {
            connection.tls(tls);
        }
        if (next < layers.size()) {
            layers.get(next++).apply(channel, this);
        } else if (connection.tls() == null) {
            connection.endpoint().protocols().installCleartext(channel, connection);
        } else {
            String alpn = connection.tls().applicationProtocol();
            ProtocolProvider protocol = connection.endpoint().protocols().negotiated(alpn);
            if (protocol == null) {
                LOG.debug("Closing {}: the client negotiated no protocol this endpoint serves (ALPN {})",
                        connection.remoteAddress(), alpn);
                channel.close();
                return;
            }
            connection.install(protocol);
        }
    }
}
