package dev.harrier.kernel;

import dev.harrier.spi.ProtocolProvider;
import dev.harrier.spi.TlsLayerProvider;
import dev.harrier.spi.TransportProvider;
import java.util.Comparator;
import java.util.List;

/**
 * A human-readable list of the discovered transports, protocols and TLS implementations,
 * available or not, and why.
 */
public final class ProviderReport {

    private ProviderReport() {
    }

    /** One line per provider; unavailable transports carry their reason. */
    public static String describe(ProviderRegistry registry) {
        StringBuilder out = new StringBuilder("Transports (highest priority first; 'auto' takes the first available):\n");
        List<TransportProvider> transports = registry.transports().stream()
                .sorted(Comparator.comparingInt(TransportProvider::priority).reversed()).toList();
        if (transports.isEmpty()) {
            out.append("  none found: add a transport module such as harrier-transport-nio\n");
        }
        for (TransportProvider transport : transports) {
            out.append(String.format("  %-10s priority %-4d %s%n", transport.name(), transport.priority(),
                    transport.availability().available() ? "available"
                            : "unavailable: " + transport.availability().describe()));
        }
        out.append("Protocols (in order of preference; set as harrier.protocols=Http1AndHttp2 and the like):\n");
        if (registry.protocols().isEmpty()) {
            out.append("  none found: add a protocol module such as harrier-protocol-http1\n");
        }
        List<ProtocolProvider> protocols = registry.protocols().stream()
                .sorted(Comparator.comparingInt(ProtocolProvider::order)).toList();
        for (ProtocolProvider protocol : protocols) {
            out.append(String.format("  %-10s order %-4d %s connections, ALPN %s%s%n", protocol.name(), protocol.order(),
                    protocol.connectionKind().name().toLowerCase(java.util.Locale.ROOT),
                    protocol.alpnIds().isEmpty() ? "none" : String.join(", ", protocol.alpnIds()),
                    protocol.firstBytes() != null ? ", detected by its first bytes" : ""));
        }
        out.append("TLS (harrier.tls.provider; 'auto' takes openssl when available):\n");
        if (registry.tls().isEmpty()) {
            out.append("  none found: add harrier-tls for HTTPS endpoints\n");
        }
        for (TlsLayerProvider tls : registry.tls()) {
            tls.describe().lines().forEach(line -> out.append("  ").append(line).append('\n'));
        }
        return out.toString();
    }
}
