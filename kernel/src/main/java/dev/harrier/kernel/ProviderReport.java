package dev.harrier.kernel;

import dev.harrier.spi.ConnectionKind;
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
        List<TransportProvider> sockets = ofKind(transports, ConnectionKind.STREAM);
        if (sockets.isEmpty()) {
            out.append("  none found: add a transport module such as harrier-transport-nio\n");
        }
        sockets.forEach(transport -> describe(out, transport));
        List<TransportProvider> multiplexed = ofKind(transports, ConnectionKind.MULTIPLEXED);
        if (!multiplexed.isEmpty()) {
            out.append("Multiplexed transports (over the UDP sockets of an endpoint's transport, for multiplexed protocols):\n");
            multiplexed.forEach(transport -> describe(out, transport));
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

    private static List<TransportProvider> ofKind(List<TransportProvider> transports, ConnectionKind kind) {
        return transports.stream().filter(t -> t.connectionKind() == kind).toList();
    }

    private static void describe(StringBuilder out, TransportProvider transport) {
        out.append(String.format("  %-10s priority %-4d %s%n", transport.name(), transport.priority(),
                transport.availability().available() ? "available" : "unavailable: " + transport.availability().describe()));
    }
}
