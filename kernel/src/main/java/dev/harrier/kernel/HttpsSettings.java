package dev.harrier.kernel;

import dev.harrier.http.HttpsOptions;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks, at start-up, that HTTPS settings are set only where an HTTPS endpoint uses them. */
final class HttpsSettings {

    private static final Logger LOG = LoggerFactory.getLogger(HttpsSettings.class);

    private HttpsSettings() {
    }

    /**
     * Fails for HTTPS settings of an endpoint that does not exist, and warns about those of
     * cleartext endpoints, which have no use for them.
     *
     * @throws ConfigurationException naming the endpoint and the endpoints there are
     */
    static void checkUsed(ServerOptions options, List<EndpointConfig> endpoints) {
        for (Map.Entry<String, HttpsOptions> entry : options.httpsByEndpoint().entrySet()) {
            if (entry.getValue().isEmpty()) {
                continue;
            }
            EndpointConfig endpoint = endpoints.stream().filter(e -> e.name().equals(entry.getKey())).findFirst()
                    .orElseThrow(() -> new ConfigurationException("HTTPS settings are set for endpoint '" + entry.getKey()
                            + "', but no endpoint has that name (the endpoints are "
                            + endpoints.stream().map(EndpointConfig::name).toList()
                            + "). Name it with harrier.endpoints." + entry.getKey() + ".url."));
            if (!endpoint.url().scheme().equals("https")) {
                LOG.warn("Endpoint '{}' ({}) is not HTTPS: its certificate and TLS settings are ignored",
                        endpoint.name(), endpoint.url());
            }
        }
    }
}
