package dev.harrier.kernel;

import dev.harrier.spi.ConnectionLayer;
import dev.harrier.spi.TlsLayerProvider;
import dev.harrier.spi.Transport;
import dev.harrier.spi.TransportProvider;
import java.util.List;

/**
 * A configured endpoint with what was chosen for it: the transport, the protocols, and the
 * layers its connections pass through before their protocol (TLS on an HTTPS endpoint).
 *
 * @param tlsProvider the provider of its TLS layer, or {@code null} on a cleartext endpoint
 * @param layers      the layers in the order they apply
 */
record Endpoint(EndpointConfig config, EndpointUrl url, TransportProvider transportProvider, Transport transport,
        EndpointProtocols protocols, TlsLayerProvider tlsProvider, List<ConnectionLayer> layers) {

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
                && protocols.sameProviders(other.protocols);
    }
}
