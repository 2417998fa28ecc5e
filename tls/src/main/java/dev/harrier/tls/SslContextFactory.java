package dev.harrier.tls;

import dev.harrier.http.SslProtocol;
import dev.harrier.http.TlsProvider;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes the TLS server contexts of a server with the TLS implementation chosen once, at start-up. */
final class SslContextFactory {

    private static final Logger LOG = LoggerFactory.getLogger(SslContextFactory.class);

    private final SslProvider provider;

    private SslContextFactory(SslProvider provider) {
        this.provider = provider;
    }

    /**
     * Chooses the implementation and logs the choice: OpenSSL (BoringSSL through netty-tcnative)
     * when it loads, unless the JDK's is asked for.
     *
     * @throws IllegalArgumentException when OpenSSL is asked for and cannot load, with the reason
     */
    static SslContextFactory choose(TlsProvider requested) {
        switch (requested) {
            case JDK -> {
                LOG.info("TLS: the JDK's implementation (harrier.tls.provider=jdk)");
                return new SslContextFactory(SslProvider.JDK);
            }
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalArgumentException("harrier.tls.provider is openssl, but OpenSSL cannot be loaded: "
                            + OpenSsl.unavailabilityCause() + ". Add io.netty:netty-tcnative-boringssl-static for this"
                            + " platform to the class path, or set harrier.tls.provider=auto (or jdk).",
                            OpenSsl.unavailabilityCause());
                }
                LOG.info("TLS: OpenSSL ({} through netty-tcnative; harrier.tls.provider=openssl)", OpenSsl.versionString());
                return new SslContextFactory(SslProvider.OPENSSL);
            }
            default -> {
                if (OpenSsl.isAvailable()) {
                    LOG.info("TLS: OpenSSL ({} through netty-tcnative)", OpenSsl.versionString());
                    return new SslContextFactory(SslProvider.OPENSSL);
                }
                LOG.info("TLS: the JDK's implementation (OpenSSL is not available: {})",
                        String.valueOf(OpenSsl.unavailabilityCause()));
                return new SslContextFactory(SslProvider.JDK);
            }
        }
    }

    /**
     * A server context for {@code settings} with the key material read from its files.
     *
     * @param clientTrust the authorities of client certificates, or {@code null} for the JDK's
     * @throws IOException naming the file at fault and what is wrong with it
     */
    SslContext create(TlsSettings settings, CertificateLoader.KeyMaterial material, TrustManagerFactory clientTrust)
            throws IOException {
        SslContextBuilder builder = SslContextBuilder.forServer(material.key(),
                        material.chain().toArray(X509Certificate[]::new))
                .sslProvider(provider)
                .protocols(settings.protocols().stream().sorted().map(SslProtocol::jdkName).toArray(String[]::new));
        if (!settings.alpnIds().isEmpty()) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, settings.alpnIds()));
        }
        switch (settings.clientCertificateMode()) {
            case NO_CERTIFICATE -> builder.clientAuth(ClientAuth.NONE);
            case ALLOW_CERTIFICATE -> builder.clientAuth(ClientAuth.OPTIONAL);
            case REQUIRE_CERTIFICATE -> builder.clientAuth(ClientAuth.REQUIRE);
        }
        if (clientTrust != null) {
            builder.trustManager(clientTrust);
        }
        try {
            return builder.build();
        } catch (SSLException | RuntimeException e) {
            throw new IOException("The certificate in " + settings.certificate().path() + " cannot be used for TLS: "
                    + e.getMessage(), e);
        }
    }
}
