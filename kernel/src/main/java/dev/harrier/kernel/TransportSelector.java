package dev.harrier.kernel;

import dev.harrier.spi.TransportProvider;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the transport for an endpoint from the discovered providers. */
final class TransportSelector {

    private static final Logger LOG = LoggerFactory.getLogger(TransportSelector.class);

    private final List<TransportProvider> providers;

    TransportSelector(List<TransportProvider> providers) {
        this.providers = providers;
    }

    /**
     * The provider named, or for {@code auto} the available one with the highest priority.
     *
     * @throws MissingProviderException when no such transport is there, naming the endpoint and the alternatives
     * @throws ConfigurationException when it is there but unavailable, with the reason
     */
    TransportProvider select(String requested, String endpoint, boolean fallback) {
        if (providers.isEmpty()) {
            throw new MissingProviderException("No transport found for endpoint " + endpoint
                    + ": add a transport module such as harrier-transport-nio to the class path.");
        }
        if (requested.equalsIgnoreCase("auto")) {
            return providers.stream()
                    .filter(p -> p.availability().available())
                    .max(Comparator.comparingInt(TransportProvider::priority))
                    .orElseThrow(() -> new MissingProviderException("No available transport for endpoint "
                            + endpoint + ": " + describeAll()));
        }
        TransportProvider provider = providers.stream()
                .filter(p -> p.name().equalsIgnoreCase(requested.trim()))
                .findFirst()
                .orElseThrow(() -> new MissingProviderException("Unknown transport '" + requested + "' for endpoint "
                        + endpoint + ". Known transports: " + describeAll()
                        + ". Use one of them or 'auto', or add its module to the class path."));
        if (!provider.availability().available()) {
            if (fallback) {
                TransportProvider best = select("auto", endpoint, false);
                LOG.warn("Transport '{}' for endpoint {} is unavailable ({}); falling back to '{}' (transportFallback=true)",
                        provider.name(), endpoint, provider.availability().describe(), best.name());
                return best;
            }
            throw new ConfigurationException("Transport '" + provider.name() + "' for endpoint " + endpoint
                    + " is unavailable: " + provider.availability().describe()
                    + ". Available transports: " + describeAvailable()
                    + "; choose one of them or 'auto', or set harrier.transportFallback=true.");
        }
        return provider;
    }

    private String describeAll() {
        return providers.stream()
                .map(p -> p.name() + " (" + p.availability().describe() + ")")
                .collect(Collectors.joining(", "));
    }

    private String describeAvailable() {
        String names = providers.stream().filter(p -> p.availability().available())
                .map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        return names.isEmpty() ? "none" : names;
    }
}
