package dev.harrier.kernel;

import dev.harrier.spi.Transport;

/**
 * A configured endpoint with the transport and protocols chosen for it, and for HTTPS how a
 * connection's certificate is chosen ({@code tls}; {@code null} on cleartext endpoints).
 */
record Endpoint(EndpointConfig config, EndpointUrl url, Transport transport, EndpointProtocols protocols,
        SniSelector tls) {

    /** How the endpoint is named in logs and errors. */
    String describe() {
        return "'" + config.name() + "' (" + url.text() + ")";
    }
}
