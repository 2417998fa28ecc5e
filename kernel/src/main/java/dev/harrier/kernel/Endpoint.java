package dev.harrier.kernel;

import dev.harrier.spi.Transport;

/** A configured endpoint with the transport and protocols chosen for it. */
record Endpoint(EndpointConfig config, EndpointUrl url, Transport transport, EndpointProtocols protocols) {

    /** How the endpoint is named in logs and errors. */
    String describe() {
        return "'" + config.name() + "' (" + url.text() + ")";
    }
}
