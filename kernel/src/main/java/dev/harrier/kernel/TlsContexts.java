package dev.harrier.kernel;

import dev.harrier.kernel.certificates.DevelopmentCertificate;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the TLS contexts of a server's HTTPS endpoints at start-up: resolves each endpoint's
 * settings (its own, else the defaults, else the built-in ones; the development certificate for
 * a loopback endpoint in {@code Development}), reads and checks every certificate so that a bad
 * one fails start-up, shares a context between endpoints with equal settings, and hands the
 * contexts to a {@link CertificateWatcher}.
 */
final class TlsContexts {

    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);
    private static final Set<SslProtocol> ALL_PROTOCOLS = EnumSet.allOf(SslProtocol.class);

    private final ServerOptions options;
    private SslContextFactory factory;
    /** Made on the thread that binds endpoints, read by the certificate watcher's. */
    private final Map<TlsSettings, ReloadableSslContext> contexts = new ConcurrentHashMap<>();

    TlsContexts(ServerOptions options) {
        this.options = options;
    }

    /**
     * The certificate selection of an HTTPS endpoint.
     *
     * @throws ConfigurationException naming the endpoint, the file and the cause when a
     *         certificate is missing or cannot be used
     */
    SniSelector forEndpoint(EndpointConfig config, String describe, List<String> alpnIds) {
        HttpsOptions own = options.httpsByEndpoint().getOrDefault(config.name(), new HttpsOptions());
        HttpsOptions defaults = options.httpsDefaults();
        Set<SslProtocol> protocols = firstSet(own.sslProtocols(), defaults.sslProtocols(), ALL_PROTOCOLS);
        ClientCertificateMode mode = firstSet(own.clientCertificateMode(), defaults.clientCertificateMode(),
                ClientCertificateMode.NO_CERTIFICATE);
        HttpsOptions trust = own.clientCertificateTrust() != null ? own : defaults;
        CertificateConfig certificate = own.certificate() != null ? own.certificate() : defaults.certificate();
        String origin = own.certificate() != null ? own.certificateOrigin() : defaults.certificateOrigin();
        if (certificate == null && options.isDevelopment() && isLoopback(config.url())) {
            certificate = developmentCertificate(describe);
            origin = "the development certificate";
        }
        if (certificate == null && own.sni().isEmpty()) {
            throw noCertificate(describe, isLoopback(config.url()));
        }
        Map<String, ReloadableSslContext> byPattern = new LinkedHashMap<>();
        ReloadableSslContext fallback = null;
        for (Map.Entry<String, SniOptions> entry : own.sni().entrySet()) {
            SniOptions sni = entry.getValue();
            String name = "endpoint " + describe + ", SNI '" + entry.getKey() + "'";
            ReloadableSslContext context = context(new TlsSettings(sni.certificate(),
                    "harrier.endpoints." + config.name() + ".sni." + entry.getKey() + ".certificate.*",
                    firstSet(sni.sslProtocols(), protocols), firstSet(sni.clientCertificateMode(), mode),
                    trust.clientCertificateTrust(), trust.clientCertificateTrustPassword(), alpnIds), name);
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
        return new SniSelector(byPattern, fallback, describe);
    }

    /**
     * Checks that HTTPS settings are set only for endpoints that exist, and warns about those of
     * cleartext endpoints, which have no use for them.
     */
    void checkSettingsAreUsed(List<EndpointConfig> endpoints) {
        for (Map.Entry<String, HttpsOptions> entry : options.httpsByEndpoint().entrySet()) {
            if (entry.getValue().isEmpty()) {
                continue;
            }
            EndpointConfig endpoint = endpoints.stream().filter(e -> e.name().equals(entry.getKey())).findFirst()
                    .orElseThrow(() -> new ConfigurationException("HTTPS settings are set for endpoint '" + entry.getKey()
                            + "', but no endpoint has that name (the endpoints are "
                            + endpoints.stream().map(EndpointConfig::name).toList()
                            + "). Name it with harrier.endpoints." + entry.getKey() + ".url."));
            if (!endpoint.url().scheme().equals("https")) {
                LOG.warn("Endpoint '{}' ({}) is not HTTPS: its certificate and TLS settings are ignored",
                        endpoint.name(), endpoint.url());
            }
        }
    }

    /**
     * Starts watching the certificate files of every context, those made later included;
     * {@code null} while there are none.
     */
    CertificateWatcher watch() {
        return contexts.isEmpty() ? null
                : new CertificateWatcher(() -> List.copyOf(contexts.values()), options.certificateReloadInterval());
    }

    private ReloadableSslContext context(TlsSettings settings, String usedBy) {
        ReloadableSslContext existing = contexts.get(settings);
        if (existing != null) {
            return existing;
        }
        if (factory == null) {
            factory = SslContextFactory.choose(options.tlsProvider());
        }
        try {
            ReloadableSslContext context = new ReloadableSslContext(settings, factory, usedBy);
            contexts.put(settings, context);
            return context;
        } catch (IOException e) {
            throw new ConfigurationException("HTTPS " + usedBy + " cannot start: " + e.getMessage()
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
            throw new ConfigurationException("HTTPS endpoint " + describe + " cannot use the development certificate: "
                    + e.getMessage(), e);
        }
        LOG.debug("Endpoint {} uses the development certificate in {}", describe, development.directory());
        return CertificateConfig.pem(development.certificateFile(), development.keyFile());
    }

    private static boolean isLoopback(EndpointUrl url) {
        return url.kind() == EndpointUrl.Kind.LOCALHOST
                || (url.kind() == EndpointUrl.Kind.IP && url.ip().isLoopbackAddress());
    }

    private static ConfigurationException noCertificate(String describe, boolean loopback) {
        return new ConfigurationException("HTTPS endpoint " + describe + " has no certificate. Set"
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
