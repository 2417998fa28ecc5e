package dev.harrier.transport.quic;

import dev.harrier.http.ClientCertificateMode;
import dev.harrier.http.SslProtocol;
import dev.harrier.spi.EndpointTls;
import dev.harrier.spi.ServerCertificate;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ClientAuth;
import io.netty.util.Mapping;
import java.security.cert.X509Certificate;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * QUIC's TLS contexts for one endpoint, from the endpoint's certificate selection: each handshake
 * asks it for the certificate of the client's SNI name (the default without one), so SNI,
 * refusal of unknown names and certificate reloads work as over TCP. A context is made once per
 * certificate as loaded, and again after a reload.
 */
final class QuicTlsContexts implements Mapping<String, QuicSslContext> {

    /** Certificates kept at most; more than this many reloads start the cache afresh. */
    private static final int CACHED = 32;

    private final EndpointTls tls;
    private final String[] alpnIds;
    private final Map<ServerCertificate, QuicSslContext> contexts = new IdentityHashMap<>();
    private final QuicSslContext context;

    private QuicTlsContexts(EndpointTls tls, List<String> alpnIds) {
        this.tls = tls;
        this.alpnIds = alpnIds.toArray(String[]::new);
        this.context = QuicSslContextBuilder.buildForServerWithSni(this);
    }

    /**
     * @throws IllegalArgumentException when the endpoint's certificate does not allow TLS 1.3,
     *         which QUIC requires
     */
    static QuicTlsContexts check(EndpointTls tls, List<String> alpnIds) {
        ServerCertificate fallback = tls.certificate(null);
        if (fallback != null && !fallback.protocols().contains(SslProtocol.TLS13)) {
            throw new IllegalArgumentException("QUIC requires TLS 1.3, and its sslProtocols allow " + fallback.protocols()
                    + ": add Tls13 to harrier.endpoints.NAME.sslProtocols (or harrier.endpointDefaults.sslProtocols),"
                    + " or leave Http3 out of its protocols.");
        }
        return new QuicTlsContexts(tls, alpnIds);
    }

    /** The context the codec starts every handshake with; it picks the certificate by SNI. */
    QuicSslContext context() {
        return context;
    }

    @Override
    public QuicSslContext map(String hostName) {
        ServerCertificate certificate = tls.certificate(hostName);
        if (certificate == null || !certificate.protocols().contains(SslProtocol.TLS13)) {
            return null;
        }
        synchronized (contexts) {
            QuicSslContext made = contexts.get(certificate);
            if (made == null) {
                if (contexts.size() >= CACHED) {
                    contexts.clear();
                }
                made = build(certificate);
                contexts.put(certificate, made);
            }
            return made;
        }
    }

    private QuicSslContext build(ServerCertificate certificate) {
        return QuicSslContextBuilder.forServer(certificate.key(), null,
                        certificate.chain().toArray(X509Certificate[]::new))
                .applicationProtocols(alpnIds)
                .clientAuth(clientAuth(certificate.clientCertificateMode()))
                .trustManager(certificate.clientTrust())
                .build();
    }

    private static ClientAuth clientAuth(ClientCertificateMode mode) {
        return switch (mode) {
            case NO_CERTIFICATE -> ClientAuth.NONE;
            case ALLOW_CERTIFICATE -> ClientAuth.OPTIONAL;
            case REQUIRE_CERTIFICATE -> ClientAuth.REQUIRE;
        };
    }
}
