package dev.harrier.spi;

import java.util.List;

/**
 * The TLS of a server's HTTPS endpoints, made by a {@link TlsLayerProvider} at start-up: it reads
 * and checks every certificate, shares what endpoints with equal settings can share, and reloads
 * changed certificate files until {@link #close()}.
 */
public interface ServerTls extends AutoCloseable {

    /**
     * The TLS of an HTTPS endpoint, its certificates read and checked now.
     *
     * @param name     the endpoint's name, as in {@code harrier.endpoints.NAME}
     * @param describe how the endpoint is named in messages
     * @param loopback whether it listens on loopback addresses only (where the development
     *                 certificate may serve)
     * @param alpnIds  the ALPN ids to offer, most preferred first
     * @throws IllegalArgumentException when a certificate is missing or cannot be used; the message
     *         names the endpoint, the file or key, and the fix
     */
    EndpointTls forEndpoint(String name, String describe, boolean loopback, List<String> alpnIds);

    /** Stops reloading certificates; connections already open keep theirs. */
    @Override
    void close();
}
