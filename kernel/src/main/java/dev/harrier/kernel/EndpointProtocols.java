package dev.harrier.kernel;

import dev.harrier.spi.ProtocolProvider;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocols one endpoint serves, and how a connection comes to one of them: by ALPN on
 * TLS, by its first bytes on cleartext when the endpoint serves both HTTP/1.1 and HTTP/2.
 */
final class EndpointProtocols {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointProtocols.class);
    static final String HTTP1 = "http1";
    static final String HTTP2 = "http2";

    /** The HTTP/1.x provider, or {@code null} when the endpoint does not serve HTTP/1.x. */
    private final ProtocolProvider http1;
    /** The HTTP/2 provider, or {@code null} when the endpoint does not serve HTTP/2. */
    private final ProtocolProvider http2;

    private EndpointProtocols(ProtocolProvider http1, ProtocolProvider http2) {
        this.http1 = http1;
        this.http2 = http2;
    }

    /**
     * Finds the providers of {@code requested}. A version that was asked for explicitly must
     * be on the class path; the server-wide default {@code Http1AndHttp2} quietly serves
     * HTTP/1.1 alone when no HTTP/2 protocol is present.
     *
     * @param explicit whether the endpoint itself named its protocols
     */
    static EndpointProtocols resolve(HttpProtocols requested, boolean explicit, List<ProtocolProvider> providers,
            String endpoint) {
        if (!explicit && requested == HttpProtocols.HTTP1_AND_HTTP2 && find(providers, HTTP2) == null) {
            LOG.debug("Endpoint {} serves HTTP/1.1 only: no HTTP/2 protocol on the class path", endpoint);
            requested = HttpProtocols.HTTP1;
        }
        ProtocolProvider http1 = requested.http1() ? find(providers, HTTP1) : null;
        ProtocolProvider http2 = requested.http2() ? find(providers, HTTP2) : null;
        if (requested.http1() && http1 == null) {
            throw new ConfigurationException("Endpoint " + endpoint + " serves " + requested
                    + ", but no HTTP/1.1 protocol was found: add harrier-protocol-http1 to the class path"
                    + (requested == HttpProtocols.HTTP1 ? "." : ", or set its protocols to Http2."));
        }
        if (requested.http2() && http2 == null) {
            throw new ConfigurationException("Endpoint " + endpoint + " serves " + requested
                    + ", but no HTTP/2 protocol was found: add harrier-protocol-http2 to the class path"
                    + (requested == HttpProtocols.HTTP2 ? "." : ", or set its protocols to Http1."));
        }
        return new EndpointProtocols(http1, http2);
    }

    private static ProtocolProvider find(List<ProtocolProvider> providers, String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    /** The ALPN ids to offer on TLS, most preferred first. */
    List<String> alpnIds() {
        List<String> ids = new ArrayList<>(2);
        if (http2 != null) {
            ids.add(http2.alpnId());
        }
        if (http1 != null) {
            ids.add(http1.alpnId());
        }
        return ids;
    }

    /** The protocol a cleartext connection must speak, or {@code null} when its first bytes decide. */
    ProtocolProvider cleartext() {
        return http1 == null ? http2 : http2 == null ? http1 : null;
    }

    /** The HTTP/2 provider if the endpoint serves HTTP/2, else {@code null}. */
    ProtocolProvider http2() {
        return http2;
    }

    /** The HTTP/1.x provider if the endpoint serves HTTP/1.x, else {@code null}. */
    ProtocolProvider http1() {
        return http1;
    }

    /**
     * The protocol a cleartext HTTP/1.1 connection may switch to with {@code Upgrade: token}
     * (h2c), or {@code null}: only when the endpoint serves HTTP/1.1 and that protocol.
     */
    ProtocolProvider upgradeTarget(String token) {
        if (http1 != null && http2 != null && token.equalsIgnoreCase(http2.upgradeToken())) {
            return http2;
        }
        return null;
    }

    /**
     * The protocol of a TLS connection after its handshake: the one ALPN chose, else HTTP/1.1,
     * else {@code null} (the client cannot be served: HTTP/2 requires ALPN on TLS).
     */
    ProtocolProvider negotiated(String alpnId) {
        if (alpnId != null && http2 != null && alpnId.equals(http2.alpnId())) {
            return http2;
        }
        return http1;
    }

    /** Sets up a cleartext connection: its protocol, or a detector that waits for its first bytes. */
    void installCleartext(Channel channel, KernelConnection connection) {
        ProtocolProvider only = cleartext();
        if (only != null) {
            connection.install(only);
        } else {
            channel.pipeline().addLast(new PrefaceDetector(this, connection));
        }
    }
}
