package dev.harrier.kernel;

import dev.harrier.spi.ProtocolProvider;
import dev.harrier.spi.TransportProvider;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Where the kernel learns which transports and protocols exist. The default reads
 * {@link ServiceLoader}; an OSGi integration can feed the service registry instead.
 */
public interface ProviderRegistry {

    List<TransportProvider> transports();

    List<ProtocolProvider> protocols();

    /** Providers registered in {@code META-INF/services} visible to the class loader. */
    static ProviderRegistry serviceLoader(ClassLoader loader) {
        List<TransportProvider> transports = ServiceLoader.load(TransportProvider.class, loader).stream()
                .map(ServiceLoader.Provider::get).toList();
        List<ProtocolProvider> protocols = ServiceLoader.load(ProtocolProvider.class, loader).stream()
                .map(ServiceLoader.Provider::get).toList();
        return of(transports, protocols);
    }

    /** A fixed set of providers. */
    static ProviderRegistry of(List<TransportProvider> transports, List<ProtocolProvider> protocols) {
        List<TransportProvider> t = List.copyOf(transports);
        List<ProtocolProvider> p = List.copyOf(protocols);
        return new ProviderRegistry() {
            @Override
            public List<TransportProvider> transports() {
                return t;
            }

            @Override
            public List<ProtocolProvider> protocols() {
                return p;
            }
        };
    }
}
