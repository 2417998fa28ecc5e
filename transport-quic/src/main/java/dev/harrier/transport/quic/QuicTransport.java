package dev.harrier.transport.quic;

import dev.harrier.http.ServerLimits;
import dev.harrier.spi.BindTarget;
import dev.harrier.spi.ConnectionAcceptor;
import dev.harrier.spi.Listener;
import dev.harrier.spi.SocketOptions;
import dev.harrier.spi.Transport;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * QUIC over the UDP sockets of a socket transport (its carrier), on the carrier's event loops: it
 * has none of its own. Listens on {@link BindTarget.Datagram} targets only.
 */
final class QuicTransport implements Transport {

    private final Transport carrier;
    private final ServerLimits limits;
    private final QuicSecrets secrets;
    private final List<QuicListener> listeners = new CopyOnWriteArrayList<>();

    QuicTransport(Transport carrier, ServerLimits limits) {
        this.carrier = carrier;
        this.limits = limits;
        this.secrets = QuicSecrets.load(limits.quic().secretFile());
    }

    @Override
    public String name() {
        return "quic";
    }

    @Override
    public boolean supports(BindTarget target) {
        return target instanceof BindTarget.Datagram;
    }

    /**
     * @throws IllegalArgumentException when the endpoint's certificates cannot serve QUIC (it
     *         allows no TLS 1.3)
     */
    @Override
    public Listener listen(BindTarget target, SocketOptions options, ConnectionAcceptor acceptor) throws IOException {
        if (!(target instanceof BindTarget.Datagram udp)) {
            throw new IOException("transport quic listens on UDP ports only, not on " + target);
        }
        QuicTlsContexts tls = QuicTlsContexts.check(udp.tls(), udp.alpnIds());
        QuicListener listener = QuicListener.bind(carrier, udp.address(), options,
                new QuicCodecSettings(limits, secrets, tls), acceptor, listeners::remove);
        listeners.add(listener);
        return listener;
    }

    /** Closes what is still open of its listeners; the carrier's event loops are the carrier's to stop. */
    @Override
    public void close() {
        for (QuicListener listener : listeners) {
            listener.closeSockets();
        }
        listeners.clear();
    }
}
