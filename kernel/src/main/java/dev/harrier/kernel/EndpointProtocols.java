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
    /** The protocols of multiplexed connections, in their order. */
    private final List<ProtocolProvider> multiplexed;
    /** The first stream protocol without a first-bytes detector, or {@code null}. */
    private final ProtocolProvider fallback;
    private final List<String> alpnIds;
    private final List<String> multiplexedAlpnIds;

    private EndpointProtocols(List<ProtocolProvider> stream, List<ProtocolProvider> multiplexed) {
        this.stream = stream;
        this.multiplexed = multiplexed;
        this.fallback = stream.stream().filter(p -> p.firstBytes() == null).findFirst().orElse(null);
        this.alpnIds = alpnIds(stream);
        this.multiplexedAlpnIds = alpnIds(multiplexed);
    }

    private static List<String> alpnIds(List<ProtocolProvider> protocols) {
        return protocols.stream().flatMap(p -> p.alpnIds().stream()).distinct().toList();
    }

    /**
     * Finds the providers of {@code requested}. What an endpoint names itself must be there; of
     * what it inherits from the server-wide setting, names without a provider are left out as long
     * as one remains; without either, the providers served by default are.
     *
     * <p>Multiplexed protocols (HTTP/3) run on TLS and UDP only: on an endpoint that cannot carry
     * them (cleartext, a Unix socket, a socket handed over) those it inherits are left out with a
     * log line, as Kestrel does, and naming them itself fails when nothing else remains.
     *
     * @param requested the names, or {@code null} for the providers served by default
     * @param explicit  whether the endpoint itself named its protocols
     * @param url       the endpoint's URL
     * @throws MissingProviderException naming the endpoint, what is missing and the fix
     * @throws ConfigurationException when the endpoint cannot carry what it names and nothing else
     */
    static EndpointProtocols resolve(HttpProtocols requested, boolean explicit, List<ProtocolProvider> providers,
            EndpointUrl url, String endpoint) {
        List<ProtocolProvider> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (requested == null) {
            providers.stream().filter(ProtocolProvider::servedByDefault).forEach(found::add);
            if (found.isEmpty()) {
                throw new MissingProviderException("Endpoint " + endpoint + " serves the default protocols, but no"
                        + " protocol served by default was found (found: " + describe(providers) + "): add a protocol"
                        + " module such as harrier-protocol-http1 to the class path, or name the endpoint's protocols.");
            }
            return ordered(found, providers, explicit, url, endpoint);
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
        return ordered(found, providers, explicit, url, endpoint);
    }

    private static EndpointProtocols ordered(List<ProtocolProvider> found, List<ProtocolProvider> providers,
            boolean explicit, EndpointUrl url, String endpoint) {
        found.sort(Comparator.comparingInt(ProtocolProvider::order));
        List<ProtocolProvider> stream = found.stream().filter(p -> p.connectionKind() == ConnectionKind.STREAM).toList();
        List<ProtocolProvider> multiplexed = found.stream()
                .filter(p -> p.connectionKind() == ConnectionKind.MULTIPLEXED).toList();
        String unfit = !multiplexed.isEmpty() ? multiplexedUnfit(url) : null;
        if (unfit != null) {
            String names = multiplexed.stream().map(ProtocolProvider::name).collect(Collectors.joining(", "));
            if (stream.isEmpty()) {
                throw new ConfigurationException("Endpoint " + endpoint + " serves only " + names + ", which needs "
                        + "TLS over UDP, and the endpoint is " + unfit + ": use an https:// URL with a host or IP"
                        + " address, or add a protocol of stream connections (" + streamNames(providers)
                        + ") to its protocols (harrier.endpoints.NAME.protocols).");
            }
            if (explicit) {
                throw new ConfigurationException("Endpoint " + endpoint + " names " + names + ", which needs TLS over"
                        + " UDP, and the endpoint is " + unfit + ": leave " + names + " out of its protocols"
                        + " (harrier.endpoints.NAME.protocols), or use an https:// URL with a host or IP address.");
            }
            LOG.info("Endpoint {} does not serve {}: it is {}", endpoint, names, unfit);
            multiplexed = List.of();
        }
        return new EndpointProtocols(stream, multiplexed);
    }

    /** The names of the protocols of stream connections among {@code providers}, for messages. */
    static String streamNames(List<ProtocolProvider> providers) {
        String names = providers.stream().filter(p -> p.connectionKind() == ConnectionKind.STREAM)
                .map(ProtocolProvider::name).sorted().collect(Collectors.joining(", "));
        return names.isEmpty() ? "none found" : names;
    }

    /** Why an endpoint cannot carry multiplexed protocols, or {@code null} when it can. */
    private static String multiplexedUnfit(EndpointUrl url) {
        if (!url.scheme().equals("https")) {
            return "cleartext (http://)";
        }
        return switch (url.kind()) {
            case UNIX -> "a Unix domain socket";
            case DESCRIPTOR -> "a TCP socket handed to the process";
            default -> null;
        };
    }

    private static String describe(List<ProtocolProvider> providers) {
        return providers.isEmpty() ? "none"
                : providers.stream().map(ProtocolProvider::name).collect(Collectors.joining(", "));
    }

    /** The ALPN ids to offer on TLS over stream connections, most preferred first. */
    List<String> alpnIds() {
        return alpnIds;
    }

    /** These protocols without the multiplexed ones, for an endpoint that cannot carry them here. */
    EndpointProtocols withoutMultiplexed() {
        return new EndpointProtocols(stream, List.of());
    }

    /** The names of the multiplexed protocols, for messages. */
    String multiplexedNames() {
        return multiplexed.stream().map(ProtocolProvider::name).sorted().collect(Collectors.joining(", "));
    }

    /** The ALPN ids of the multiplexed protocols, most preferred first. */
    List<String> multiplexedAlpnIds() {
        return multiplexedAlpnIds;
    }

    /** The protocols of multiplexed connections (HTTP/3), in their order; empty when it serves none. */
    List<ProtocolProvider> multiplexed() {
        return multiplexed;
    }

    /**
     * The multiplexed protocol a connection's TLS negotiated by ALPN, or {@code null}. A
     * multiplexed transport offers only the ids of {@link #multiplexedAlpnIds()}.
     */
    ProtocolProvider negotiatedMultiplexed(String alpnId) {
        for (ProtocolProvider protocol : multiplexed) {
            if (protocol.alpnIds().contains(alpnId)) {
                return protocol;
            }
        }
        return null;
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
        return same(stream, other.stream) && same(multiplexed, other.multiplexed);
    }

    private static boolean same(List<ProtocolProvider> one, List<ProtocolProvider> other) {
        if (one.size() != other.size()) {
            return false;
        }
        for (int i = 0; i < one.size(); i++) {
            if (one.get(i) != other.get(i)) {
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
