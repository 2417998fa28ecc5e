package dev.harrier.kernel;

import dev.harrier.spi.SocketOptions;
import java.util.Objects;

/**
 * One configured endpoint.
 *
 * @param name      the name from {@code harrier.endpoints.NAME}, or a generated one for URLs
 * @param url       where to listen, for example {@code http://localhost:5000}
 * @param transport the transport name, or {@code null} for the server's default
 * @param socketOptions the endpoint's socket options, or {@code null} for the server's
 * @param protocols the HTTP versions served, or {@code null} for the server's default
 * @param disableAltSvcHeader whether HTTP/1.1 and HTTP/2 responses leave out the {@code Alt-Svc}
 *                  field that advertises the endpoint's HTTP/3 (Kestrel's {@code DisableAltSvcHeader})
 */
public record EndpointConfig(String name, EndpointUrl url, String transport, SocketOptions socketOptions,
        HttpProtocols protocols, boolean disableAltSvcHeader) {

    public EndpointConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
    }
}
