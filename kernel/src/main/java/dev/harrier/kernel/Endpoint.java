package dev.harrier.kernel;

import dev.harrier.spi.Transport;
import dev.harrier.spi.TransportProvider;

/**
 * A configured endpoint with the transport and protocols chosen for it, and for HTTPS how a
 * connection's certificate is chosen ({@code tls}; {@code null} on cleartext endpoints).
 */
record Endpoint(EndpointConfig config, EndpointUrl url, TransportProvider transportProvider, Transport transport,
        EndpointProtocols protocols, SniSelector tls) {

    /** How the endpoint is named in logs and errors. */
    String describe() {
        return describe(config);
    }

    static String describe(EndpointConfig config) {
        return "'" + config.name() + "' (" + config.url().text() + ")";
    }

    /** Whether the two were chosen from the same providers, so that one serves as the other would. */
    boolean sameProviders(Endpoint other) {
        return transportProvider == other.transportProvider && protocols.sameProviders(other.protocols);
    }
}
