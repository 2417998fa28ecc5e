package dev.harrier.kernel;

import dev.harrier.spi.ConnectionKind;
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

    /** The socket transports. */
    private final List<TransportProvider> providers;
    /** The transports of multiplexed connections, which run over a socket transport. */
    private final List<TransportProvider> multiplexed;

    TransportSelector(List<TransportProvider> providers) {
        this.providers = providers.stream().filter(p -> p.connectionKind() == ConnectionKind.STREAM).toList();
        this.multiplexed = providers.stream().filter(p -> p.connectionKind() == ConnectionKind.MULTIPLEXED).toList();
    }

    /**
     * The available transport of multiplexed connections with the highest priority, for an
     * endpoint that serves {@code protocols} on them; {@code null} when none is available here
     * (the reasons are logged).
     *
     * @throws MissingProviderException when there is none at all
     */
    TransportProvider selectMultiplexed(String endpoint, String protocols) {
        if (multiplexed.isEmpty()) {
            throw new MissingProviderException("Endpoint " + endpoint + " serves " + protocols + ", which runs on"
                    + " multiplexed connections, and no transport of them was found: add the module of one to the"
                    + " class path, or leave " + protocols + " out of the endpoint's protocols.");
        }
        TransportProvider best = multiplexed.stream()
                .filter(p -> p.availability().available())
                .max(Comparator.comparingInt(TransportProvider::priority))
                .orElse(null);
        if (best == null) {
            LOG.warn("Endpoint {} cannot serve {}: no transport of multiplexed connections is available here ({})",
                    endpoint, protocols, describe(multiplexed));
        }
        return best;
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
        multiplexed.stream().filter(p -> p.name().equalsIgnoreCase(requested.trim())).findFirst().ifPresent(p -> {
            throw new ConfigurationException("Transport '" + p.name() + "' for endpoint " + endpoint + " carries"
                    + " multiplexed connections over a socket transport and cannot be an endpoint's transport: name"
                    + " the socket transport (" + describeAvailable() + " or 'auto') and serve the protocol that runs"
                    + " on it in the endpoint's protocols.");
        });
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
        return describe(providers);
    }

    private static String describe(List<TransportProvider> providers) {
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
