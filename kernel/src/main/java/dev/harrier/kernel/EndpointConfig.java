package dev.harrier.kernel;

import java.util.Objects;

/**
 * One configured endpoint.
 *
 * @param name      the name from {@code harrier.endpoints.NAME}, or a generated one for URLs
 * @param url       where to listen, for example {@code http://localhost:5000}
 * @param transport the transport name, or {@code null} for the server's default
 */
public record EndpointConfig(String name, EndpointUrl url, String transport) {

    public EndpointConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
    }
}
