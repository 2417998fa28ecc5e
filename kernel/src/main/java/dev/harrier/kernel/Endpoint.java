package dev.harrier.kernel;

import dev.harrier.spi.ProtocolProvider;
import dev.harrier.spi.Transport;

/** A configured endpoint with the transport and protocol chosen for it. */
record Endpoint(EndpointConfig config, EndpointUrl url, Transport transport, ProtocolProvider protocol) {

    /** How the endpoint is named in logs and errors. */
    String describe() {
        return "'" + config.name() + "' (" + url.text() + ")";
    }
}
