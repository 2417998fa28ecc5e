package dev.harrier.tls;

import dev.harrier.http.CertificateConfig;
import dev.harrier.http.ClientCertificateMode;
import dev.harrier.http.HttpsOptions;
import dev.harrier.http.SniOptions;
import dev.harrier.http.SslProtocol;
import dev.harrier.spi.EndpointTls;
import dev.harrier.spi.ServerTls;
import dev.harrier.spi.ServerTlsOptions;
import dev.harrier.tls.certificates.DevelopmentCertificate;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS of a server's HTTPS endpoints: resolves each endpoint's settings (its own, else the
 * defaults, else the built-in ones; the development certificate for a loopback endpoint in
 * {@code Development}), reads and checks every certificate so that a bad one fails start-up,
 * shares a context between endpoints with equal settings, and reloads changed files with a
 * {@link CertificateWatcher} until closed.
 */
final class TlsContexts implements ServerTls {

    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);
    private static final Set<SslProtocol> ALL_PROTOCOLS = EnumSet.allOf(SslProtocol.class);

    private final ServerTlsOptions options;
    private final SslContextFactory factory;
    /** Made on the thread that binds endpoints, read by the certificate watcher's. */
    private final Map<TlsSettings, ReloadableSslContext> contexts = new ConcurrentHashMap<>();
    private final CertificateWatcher watcher;

    /** @throws IllegalArgumentException when the TLS implementation asked for cannot be used */
    TlsContexts(ServerTlsOptions options) {
        this.options = options;
        this.factory = SslContextFactory.choose(options.implementation());
        this.watcher = new CertificateWatcher(() -> List.copyOf(contexts.values()), options.reloadInterval());
    }

    @Override
    public EndpointTls forEndpoint(String name, String describe, boolean loopback, List<String> alpnIds) {
        HttpsOptions own = options.byEndpoint().getOrDefault(name.toLowerCase(Locale.ROOT), new HttpsOptions());
        HttpsOptions defaults = options.defaults();
        Set<SslProtocol> protocols = firstSet(own.sslProtocols(), defaults.sslProtocols(), ALL_PROTOCOLS);
        ClientCertificateMode mode = firstSet(own.clientCertificateMode(), defaults.clientCertificateMode(),
                ClientCertificateMode.NO_CERTIFICATE);
        HttpsOptions trust = own.clientCertificateTrust() != null ? own : defaults;
        CertificateConfig certificate = own.certificate() != null ? own.certificate() : defaults.certificate();
        String origin = own.certificate() != null ? own.certificateOrigin() : defaults.certificateOrigin();
        if (certificate == null && options.development() && loopback) {
            certificate = developmentCertificate(describe);
            origin = "the development certificate";
        }
        if (certificate == null && own.sni().isEmpty()) {
            throw noCertificate(describe, loopback);
        }
        Map<String, ReloadableSslContext> byPattern = new LinkedHashMap<>();
        ReloadableSslContext fallback = null;
        for (Map.Entry<String, SniOptions> entry : own.sni().entrySet()) {
            SniOptions sni = entry.getValue();
            String usedBy = "endpoint " + describe + ", SNI '" + entry.getKey() + "'";
            ReloadableSslContext context = context(new TlsSettings(sni.certificate(),
                    "harrier.endpoints." + name + ".sni." + entry.getKey() + ".certificate.*",
                    firstSet(sni.sslProtocols(), protocols), firstSet(sni.clientCertificateMode(), mode),
                    trust.clientCertificateTrust(), trust.clientCertificateTrustPassword(), alpnIds), usedBy);
            if (entry.getKey().equals("*")) {
                fallback = context;
            } else {
                byPattern.put(entry.getKey(), context);
            }
        }
        boolean reject = Boolean.TRUE.equals(own.rejectUnknownSni());
        if (fallback == null && certificate != null && !reject) {
            fallback = context(new TlsSettings(certificate, origin, protocols, mode, trust.clientCertificateTrust(),
                    trust.clientCertificateTrustPassword(), alpnIds), "endpoint " + describe);
        }
        return new TlsLayer(new SniSelector(byPattern, fallback, describe));
    }

    @Override
    public void close() {
        watcher.close();
    }

    private ReloadableSslContext context(TlsSettings settings, String usedBy) {
        ReloadableSslContext existing = contexts.get(settings);
        if (existing != null) {
            return existing;
        }
        try {
            ReloadableSslContext context = new ReloadableSslContext(settings, factory, usedBy);
            contexts.put(settings, context);
            return context;
        } catch (IOException e) {
            throw new IllegalArgumentException("HTTPS " + usedBy + " cannot start: " + e.getMessage()
                    + " (certificate from " + settings.certificateOrigin() + ")", e);
        }
    }

    private static CertificateConfig developmentCertificate(String describe) {
        DevelopmentCertificate development = DevelopmentCertificate.ofCurrentUser();
        try {
            if (!development.isUsable()) {
                X509Certificate created = development.create();
                LOG.info("Created the development certificate for localhost in {} (valid until {}); clients trust it"
                        + " after 'harrier dev-certs --export FILE'", development.directory(),
                        created.getNotAfter().toInstant());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("HTTPS endpoint " + describe + " cannot use the development certificate: "
                    + e.getMessage(), e);
        }
        LOG.debug("Endpoint {} uses the development certificate in {}", describe, development.directory());
        return CertificateConfig.pem(development.certificateFile(), development.keyFile());
    }

    private static IllegalArgumentException noCertificate(String describe, boolean loopback) {
        return new IllegalArgumentException("HTTPS endpoint " + describe + " has no certificate. Set"
                + " harrier.endpoints.NAME.certificate.path (with .password for a PKCS #12 file, or .keyPath for PEM)"
                + " for a named endpoint, or harrier.certificates.default.path (and .password or .keyPath) for every"
                + " HTTPS endpoint" + (loopback
                        ? "; on a development machine, set harrier.environment=Development to use the development"
                                + " certificate (see 'harrier dev-certs')."
                        : "."));
    }

    @SafeVarargs
    private static <T> T firstSet(T... candidates) {
        for (T candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
