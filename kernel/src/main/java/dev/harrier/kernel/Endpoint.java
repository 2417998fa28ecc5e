package dev.harrier.kernel;

import dev.harrier.spi.ConnectionLayer;
import dev.harrier.spi.EndpointTls;
import dev.harrier.spi.TlsLayerProvider;
import dev.harrier.spi.Transport;
import dev.harrier.spi.TransportProvider;
import java.util.List;

/**
 * A configured endpoint with what was chosen for it: the socket transport, the protocols, the
 * layers its stream connections pass through before their protocol (TLS on an HTTPS endpoint),
 * and for multiplexed protocols the transport that carries them over the socket transport's UDP.
 *
 * @param tlsProvider         the provider of its TLS, or {@code null} on a cleartext endpoint
 * @param tls                 its TLS, or {@code null} on a cleartext endpoint
 * @param layers              the layers in the order they apply
 * @param multiplexedProvider the provider of its multiplexed transport, or {@code null} when it
 *                            serves no multiplexed protocol
 * @param multiplexed         that transport, over {@code transport}, or {@code null}
 */
record Endpoint(EndpointConfig config, EndpointUrl url, TransportProvider transportProvider, Transport transport,
        EndpointProtocols protocols, TlsLayerProvider tlsProvider, EndpointTls tls, List<ConnectionLayer> layers,
        TransportProvider multiplexedProvider, Transport multiplexed) {

    /** How the endpoint is named in logs and errors. */
    String describe() {
        return describe(config);
    }

    static String describe(EndpointConfig config) {
        return "'" + config.name() + "' (" + config.url().text() + ")";
    }

    /** Whether the two were chosen from the same providers, so that one serves as the other would. */
    boolean sameProviders(Endpoint other) {
        return transportProvider == other.transportProvider && tlsProvider == other.tlsProvider
                && multiplexedProvider == other.multiplexedProvider && protocols.sameProviders(other.protocols);
    }
}
