package dev.harrier.spi;

import dev.harrier.http.HttpsOptions;
import dev.harrier.http.TlsProvider;
import java.time.Duration;
import java.util.Map;

/**
 * The HTTPS settings of a server, as its TLS layer is made from them.
 *
 * @param defaults       the settings of every HTTPS endpoint that sets none of its own
 * @param byEndpoint     each endpoint's own settings, by lower-case endpoint name
 * @param implementation which TLS implementation to use
 * @param reloadInterval how often certificate files are checked for changes
 * @param development    whether the environment is {@code Development}: a loopback endpoint
 *                       without a certificate then uses the development certificate
 */
public record ServerTlsOptions(HttpsOptions defaults, Map<String, HttpsOptions> byEndpoint, TlsProvider implementation,
        Duration reloadInterval, boolean development) {
}
