package dev.harrier.kernel;

import dev.harrier.spi.ConnectionKind;
import dev.harrier.spi.ProtocolProvider;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocols one endpoint serves, and how a connection comes to one of them, from what their
 * providers declare (see {@link ProtocolProvider}): by ALPN on TLS, by its first bytes on
 * cleartext, by {@code Upgrade} from HTTP/1.1.
 */
final class EndpointProtocols {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointProtocols.class);

    /** The stream protocols, in their order. */
    private final List<ProtocolProvider> stream;
    /** The first stream protocol without a first-bytes detector, or {@code null}. */
    private final ProtocolProvider fallback;
    private final List<String> alpnIds;

    private EndpointProtocols(List<ProtocolProvider> stream) {
        this.stream = stream;
        this.fallback = stream.stream().filter(p -> p.firstBytes() == null).findFirst().orElse(null);
        this.alpnIds = stream.stream().flatMap(p -> p.alpnIds().stream()).distinct().toList();
    }

    /**
     * Finds the providers of {@code requested}. What an endpoint names itself must be there; of
     * what it inherits from the server-wide setting, names without a provider are left out as long
     * as one remains; without either, the providers served by default are.
     *
     * @param requested the names, or {@code null} for the providers served by default
     * @param explicit  whether the endpoint itself named its protocols
     * @throws MissingProviderException naming the endpoint, what is missing and the fix
     * @throws ConfigurationException when a protocol runs on connections the endpoint cannot make
     */
    static EndpointProtocols resolve(HttpProtocols requested, boolean explicit, List<ProtocolProvider> providers,
            String endpoint) {
        List<ProtocolProvider> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (requested == null) {
            providers.stream().filter(ProtocolProvider::servedByDefault).forEach(found::add);
            if (found.isEmpty()) {
                throw new MissingProviderException("Endpoint " + endpoint + " serves the default protocols, but no"
                        + " protocol served by default was found (found: " + describe(providers) + "): add a protocol"
                        + " module such as harrier-protocol-http1 to the class path, or name the endpoint's protocols.");
            }
            return ordered(found, endpoint);
        }
        for (String name : requested.names()) {
            providers.stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst()
                    .ifPresentOrElse(found::add, () -> missing.add(name));
        }
        if (!missing.isEmpty() && (explicit || found.isEmpty())) {
            throw new MissingProviderException("Endpoint " + endpoint + " serves " + requested + ", but no protocol "
                    + String.join(" or ", missing) + " was found (found: " + describe(providers) + "): add its module ("
                    + missing.stream().map(n -> "harrier-protocol-" + n.toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", "))
                    + ") to the class path, or leave it out of the endpoint's protocols.");
        }
        if (!missing.isEmpty()) {
            LOG.debug("Endpoint {} serves {} only: no protocol {} was found", endpoint,
                    found.stream().map(ProtocolProvider::name).collect(Collectors.joining(", ")), missing);
        }
        return ordered(found, endpoint);
    }

    private static EndpointProtocols ordered(List<ProtocolProvider> found, String endpoint) {
        for (ProtocolProvider protocol : found) {
            if (protocol.connectionKind() != ConnectionKind.STREAM) {
                throw new ConfigurationException("Endpoint " + endpoint + " serves " + protocol.name()
                        + ", which runs on " + protocol.connectionKind() + " connections; no transport of this "
                        + "server makes them. Leave it out of the endpoint's protocols.");
            }
        }
        found.sort(Comparator.comparingInt(ProtocolProvider::order));
        return new EndpointProtocols(List.copyOf(found));
    }

    private static String describe(List<ProtocolProvider> providers) {
        return providers.isEmpty() ? "none"
                : providers.stream().map(ProtocolProvider::name).collect(Collectors.joining(", "));
    }

    /** The ALPN ids to offer on TLS, most preferred first. */
    List<String> alpnIds() {
        return alpnIds;
    }

    /**
     * The protocol of a TLS connection after its handshake: the one whose ALPN id was chosen;
     * without ALPN the endpoint's protocol without a detector (HTTP/1.1), else {@code null}: the
     * client cannot be served.
     */
    ProtocolProvider negotiated(String alpnId) {
        if (alpnId == null || alpnId.isEmpty()) {
            return fallback;
        }
        for (ProtocolProvider protocol : stream) {
            if (protocol.alpnIds().contains(alpnId)) {
                return protocol;
            }
        }
        return null;
    }

    /**
     * The protocol a cleartext HTTP/1.1 connection may switch to with {@code Upgrade: token}
     * (h2c), or {@code null} when the endpoint serves none reached so.
     */
    ProtocolProvider upgradeTarget(String token) {
        for (ProtocolProvider protocol : stream) {
            if (token.equalsIgnoreCase(protocol.upgradeToken())) {
                return protocol;
            }
        }
        return null;
    }

    /** Whether the two are made of the same provider instances, in the same order. */
    boolean sameProviders(EndpointProtocols other) {
        if (stream.size() != other.stream.size()) {
            return false;
        }
        for (int i = 0; i < stream.size(); i++) {
            if (stream.get(i) != other.stream.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** The stream protocols, in their order. */
    List<ProtocolProvider> stream() {
        return stream;
    }

    /** The protocol that takes what no detector recognises, or {@code null}. */
    ProtocolProvider fallback() {
        return fallback;
    }

    /** Sets up a cleartext connection: its only protocol, or a detector that waits for its first bytes. */
    void installCleartext(Channel channel, KernelConnection connection) {
        if (stream.size() == 1) {
            connection.install(stream.get(0));
        } else {
            channel.pipeline().addLast(new ProtocolDetector(this, connection));
        }
    }
}
