package dev.harrier.transport.quic;

import dev.harrier.http.ClientCertificateMode;
import dev.harrier.http.SslProtocol;
import dev.harrier.spi.EndpointTls;
import dev.harrier.spi.ServerCertificate;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicSslEngine;
import io.netty.handler.ssl.ClientAuth;
import io.netty.util.Mapping;
import java.security.cert.X509Certificate;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QUIC's TLS contexts for one endpoint, from the endpoint's certificate selection, made once per
 * certificate as loaded and again after a reload. An endpoint with one certificate gives every
 * new connection an engine of its current context, client certificates included; one that
 * chooses by SNI gives a context that asks for the certificate of the client's name during the
 * handshake, so SNI and the refusal of unknown names work as over TCP. Netty's QUIC TLS cannot
 * switch to a context that asks for client certificates there (the handshake stalls), so such an
 * SNI entry refuses the client, and an endpoint whose default asks for them fails start-up.
 */
final class QuicTlsContexts implements Mapping<String, QuicSslContext> {

    /** Certificates kept at most; more than this many reloads start the cache afresh. */
    private static final int CACHED = 32;

    private static final Logger LOG = LoggerFactory.getLogger(QuicTlsContexts.class);

    private final EndpointTls tls;
    private final String[] alpnIds;
    private final Map<ServerCertificate, QuicSslContext> contexts = new IdentityHashMap<>();
    /** For an endpoint that chooses by SNI, else {@code null}. */
    private final QuicSslContext bySni;

    private QuicTlsContexts(EndpointTls tls, List<String> alpnIds) {
        this.tls = tls;
        this.alpnIds = alpnIds.toArray(String[]::new);
        this.bySni = tls.selectsByName() ? QuicSslContextBuilder.buildForServerWithSni(this::bySniName) : null;
    }

    /**
     * @throws IllegalArgumentException when the endpoint's certificate does not allow TLS 1.3,
     *         which QUIC requires, or it chooses by SNI and its default asks for client certificates
     */
    static QuicTlsContexts check(EndpointTls tls, List<String> alpnIds) {
        ServerCertificate fallback = tls.certificate(null);
        if (fallback != null && !fallback.protocols().contains(SslProtocol.TLS13)) {
            throw new IllegalArgumentException("QUIC requires TLS 1.3, and its sslProtocols allow " + fallback.protocols()
                    + ": add Tls13 to harrier.endpoints.NAME.sslProtocols (or harrier.endpointDefaults.sslProtocols),"
                    + " or leave Http3 out of its protocols.");
        }
        if (fallback != null && tls.selectsByName() && fallback.clientCertificateMode() != ClientCertificateMode.NO_CERTIFICATE) {
            throw new IllegalArgumentException("QUIC's TLS cannot ask for client certificates on an endpoint that chooses"
                    + " its certificate by SNI: leave Http3 out of its protocols, or its sni entries, or set its"
                    + " clientCertificateMode to NoCertificate.");
        }
        return new QuicTlsContexts(tls, alpnIds);
    }

    /** The TLS engine of a new connection. */
    QuicSslEngine newEngine(QuicChannel connection) {
        QuicSslContext context = bySni != null ? bySni : map(null);
        return context.newEngine(connection.alloc());
    }

    /** The context for a client's SNI name, or {@code null} to refuse it. */
    private QuicSslContext bySniName(String hostName) {
        ServerCertificate certificate = tls.certificate(hostName);
        if (certificate != null && certificate.clientCertificateMode() != ClientCertificateMode.NO_CERTIFICATE) {
            LOG.warn("A QUIC client asked for {}, whose certificate asks for client certificates, which QUIC's TLS"
                    + " cannot after SNI; refused", hostName);
            return null;
        }
        return map(hostName);
    }

    /** The context of the certificate for {@code hostName} as currently loaded, or {@code null} to refuse it. */
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
