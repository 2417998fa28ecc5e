package dev.harrier.app;

import dev.harrier.http.CertificateConfig;
import dev.harrier.http.ClientCertificateMode;
import dev.harrier.http.DataRate;
import dev.harrier.http.Http2Limits;
import dev.harrier.http.Http3Limits;
import dev.harrier.http.QuicLimits;
import dev.harrier.http.HttpsOptions;
import dev.harrier.http.ServerLimits;
import dev.harrier.http.SniOptions;
import dev.harrier.http.SslProtocol;
import dev.harrier.http.TlsProvider;
import dev.harrier.spi.SocketOptions;
import dev.harrier.kernel.ConfigurationException;
import dev.harrier.kernel.ServerOptions;
import dev.harrier.kernel.EndpointConfig;
import dev.harrier.kernel.EndpointUrl;
import dev.harrier.kernel.HttpProtocols;
import dev.harrier.kernel.Scheduling;
import dev.harrier.kernel.VirtualThreadCarriers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns {@link Configuration} settings into typed options and endpoints. */
final class ConfigurationBinder {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationBinder.class);

    /** Where the server listens when nothing is configured. */
    static final String DEFAULT_URL = "http://localhost:5000";

    private final Configuration config;

    ConfigurationBinder(Configuration config) {
        this.config = config;
    }

    /** Applies every configured option and limit. */
    void bind(ServerOptions options) {
        text("harrier.transport", options::transport);
        bool("harrier.transportFallback", options::transportFallback);
        text("harrier.protocols", v -> options.protocols(HttpProtocols.parse(v)));
        options.socketOptions(socketOptions("harrier.socket.", options.socketOptions()));
        integer("harrier.eventLoopThreads", options::eventLoopThreads);
        bool("harrier.addServerHeader", options::addServerHeader);
        text("harrier.scheduling", v -> options.scheduling(scheduling(v)));
        text(VirtualThreadCarriers.KEY, v -> options.virtualThreadCarriers(carriers(v)));
        duration("harrier.shutdownTimeout", options::shutdownTimeout);
        text("harrier.environment", options::environment);
        text("harrier.tls.provider", v -> options.tlsProvider(TlsProvider.parse(v)));
        duration("harrier.certificates.reloadInterval", options::certificateReloadInterval);
        bindHttps(options);
        ServerLimits limits = options.limits();
        size("harrier.limits.maxConcurrentConnections", limits::maxConcurrentConnections);
        size("harrier.limits.maxRequestBodySize", limits::maxRequestBodySize);
        integer("harrier.limits.maxRequestLineSize", limits::maxRequestLineSize);
        integer("harrier.limits.maxRequestHeadersTotalSize", limits::maxRequestHeadersTotalSize);
        integer("harrier.limits.maxRequestHeaderCount", limits::maxRequestHeaderCount);
        size("harrier.limits.maxRequestBufferSize", limits::maxRequestBufferSize);
        size("harrier.limits.maxResponseBufferSize", limits::maxResponseBufferSize);
        duration("harrier.limits.keepAliveTimeout", limits::keepAliveTimeout);
        duration("harrier.limits.requestHeadersTimeout", limits::requestHeadersTimeout);
        size("harrier.limits.maxConcurrentUpgradedConnections", limits::maxConcurrentUpgradedConnections);
        duration("harrier.limits.tlsHandshakeTimeout", limits::tlsHandshakeTimeout);
        dataRate("harrier.limits.minRequestBodyDataRate", limits.minRequestBodyDataRate(), limits::minRequestBodyDataRate);
        dataRate("harrier.limits.minResponseDataRate", limits.minResponseDataRate(), limits::minResponseDataRate);
        Http2Limits http2 = limits.http2();
        integer("harrier.limits.http2.maxStreamsPerConnection", http2::maxStreamsPerConnection);
        integer("harrier.limits.http2.headerTableSize", http2::headerTableSize);
        integer("harrier.limits.http2.maxFrameSize", http2::maxFrameSize);
        integer("harrier.limits.http2.maxRequestHeaderFieldSize", http2::maxRequestHeaderFieldSize);
        integer("harrier.limits.http2.initialConnectionWindowSize", http2::initialConnectionWindowSize);
        integer("harrier.limits.http2.initialStreamWindowSize", http2::initialStreamWindowSize);
        apply("harrier.limits.http2.keepAlivePingDelay", http2::keepAlivePingDelay,
                v -> v.equalsIgnoreCase("none") || v.equalsIgnoreCase("infinite") ? null : Duration.parse(v));
        duration("harrier.limits.http2.keepAlivePingTimeout", http2::keepAlivePingTimeout);
        Http3Limits http3 = limits.http3();
        integer("harrier.http3.maxRequestHeaderFieldSize", http3::maxRequestHeaderFieldSize);
        integer("harrier.http3.qpackMaxTableCapacity", http3::qpackMaxTableCapacity);
        integer("harrier.http3.qpackBlockedStreams", http3::qpackBlockedStreams);
        QuicLimits quic = limits.quic();
        integer("harrier.quic.maxBidirectionalStreams", quic::maxBidirectionalStreams);
        integer("harrier.quic.maxUnidirectionalStreams", quic::maxUnidirectionalStreams);
        apply("harrier.quic.initialConnectionWindowSize", quic::initialConnectionWindowSize, Long::parseLong);
        apply("harrier.quic.initialStreamWindowSize", quic::initialStreamWindowSize, Long::parseLong);
        apply("harrier.quic.addressValidation", quic::addressValidation, v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "always" -> QuicLimits.AddressValidation.ALWAYS;
            case "underload", "under_load" -> QuicLimits.AddressValidation.UNDER_LOAD;
            case "never" -> QuicLimits.AddressValidation.NEVER;
            default -> throw new IllegalArgumentException("must be Always, UnderLoad or Never");
        });
        integer("harrier.quic.handshakesBeforeValidation", quic::handshakesBeforeValidation);
        apply("harrier.quic.secretFile", quic::secretFile, Path::of);
    }

    /**
     * The default certificate ({@code harrier.certificates.default.*}), the endpoint defaults
     * ({@code harrier.endpointDefaults.*}) and each named endpoint's certificate, TLS settings
     * and SNI entries.
     */
    private void bindHttps(ServerOptions options) {
        HttpsOptions defaults = options.httpsDefaults();
        certificate("harrier.certificates.default.", defaults);
        tlsSettings("harrier.endpointDefaults.", defaults);
        for (String name : config.endpointNames()) {
            String prefix = "harrier.endpoints." + name + ".";
            HttpsOptions endpoint = options.https(name);
            certificate(prefix + "certificate.", endpoint);
            tlsSettings(prefix, endpoint);
            bool(prefix + "rejectUnknownSni", endpoint::rejectUnknownSni);
            for (String pattern : sniPatterns(prefix + "sni.")) {
                String sniPrefix = prefix + "sni." + pattern + ".";
                CertificateConfig certificate = certificate(sniPrefix + "certificate.");
                if (certificate == null) {
                    throw new ConfigurationException("The SNI entry '" + pattern + "' of endpoint '" + name
                            + "' has no certificate: set " + sniPrefix + "certificate.path (and .password, or .keyPath).");
                }
                SniOptions[] sni = {SniOptions.of(certificate)};
                text(sniPrefix + "sslProtocols", v -> sni[0] = new SniOptions(certificate, SslProtocol.parseList(v),
                        sni[0].clientCertificateMode()));
                text(sniPrefix + "clientCertificateMode",
                        v -> sni[0] = sni[0].withClientCertificateMode(ClientCertificateMode.parse(v)));
                endpoint.sni(pattern, sni[0]);
            }
        }
    }

    private void tlsSettings(String prefix, HttpsOptions target) {
        text(prefix + "sslProtocols", v -> target.sslProtocols(SslProtocol.parseList(v)));
        text(prefix + "clientCertificateMode", v -> target.clientCertificateMode(ClientCertificateMode.parse(v)));
        Path trust = config.path(prefix + "clientCertificateTrust.path");
        if (trust != null) {
            target.clientCertificateTrust(trust, config.get(prefix + "clientCertificateTrust.password"));
        }
    }

    private void certificate(String prefix, HttpsOptions target) {
        CertificateConfig certificate = certificate(prefix);
        if (certificate != null) {
            target.certificate(certificate, prefix + "* (from " + config.sourceOf(prefix + "path") + ")");
        }
    }

    /**
     * The certificate under {@code prefix}: {@code path} and {@code password} for PKCS #12, or
     * {@code path}, {@code keyPath} and {@code keyPassword} for PEM (like Kestrel, a PEM key
     * password may also be given as {@code password}); {@code null} when none of them is set.
     */
    private CertificateConfig certificate(String prefix) {
        Path path = config.path(prefix + "path");
        String password = config.get(prefix + "password");
        Path keyPath = config.path(prefix + "keyPath");
        String keyPassword = config.get(prefix + "keyPassword");
        if (path == null && password == null && keyPath == null && keyPassword == null) {
            return null;
        }
        if (path == null) {
            String set = keyPath != null ? "keyPath" : password != null ? "password" : "keyPassword";
            throw new ConfigurationException(prefix + set + " is set (from " + config.sourceOf(prefix + set)
                    + ") but " + prefix + "path is not: set it to the certificate file (PKCS #12, or PEM with "
                    + prefix + "keyPath).");
        }
        if (keyPath == null) {
            if (keyPassword != null) {
                throw new ConfigurationException(prefix + "keyPassword is set (from " + config.sourceOf(prefix + "keyPassword")
                        + ") but " + prefix + "keyPath is not: a key password belongs to a PEM key file; for a PKCS #12"
                        + " file set " + prefix + "password.");
            }
            return CertificateConfig.pkcs12(path, password);
        }
        return CertificateConfig.pem(path, keyPath, keyPassword != null ? keyPassword : password);
    }

    /** The host patterns of the SNI entries under {@code prefix} ({@code harrier.endpoints.NAME.sni.}). */
    private Set<String> sniPatterns(String prefix) {
        Set<String> patterns = new LinkedHashSet<>();
        for (String key : config.keysUnder(prefix)) {
            String rest = key.substring(prefix.length());
            int end = rest.endsWith(".sslprotocols") || rest.endsWith(".clientcertificatemode")
                    ? rest.lastIndexOf('.') : rest.lastIndexOf(".certificate.");
            patterns.add(rest.substring(0, end));
        }
        return patterns;
    }

    /** Socket options under {@code prefix} over {@code base}. */
    private SocketOptions socketOptions(String prefix, SocketOptions base) {
        SocketOptions[] result = {base};
        integer(prefix + "backlog", v -> result[0] = result[0].withBacklog(v));
        bool(prefix + "tcpNoDelay", v -> result[0] = result[0].withTcpNoDelay(v));
        bool(prefix + "keepAlive", v -> result[0] = result[0].withKeepAlive(v));
        bool(prefix + "reusePort", v -> result[0] = result[0].withReusePort(v));
        integer(prefix + "tcpFastOpen", v -> result[0] = result[0].withTcpFastOpen(v));
        integer(prefix + "tcpDeferAccept", v -> result[0] = result[0].withTcpDeferAccept(v));
        bool(prefix + "tcpQuickAck", v -> result[0] = result[0].withTcpQuickAck(v));
        text(prefix + "filePermissions", v -> result[0] = result[0].withFilePermissions(v));
        return result[0];
    }

    /**
     * The endpoints: named ones from {@code harrier.endpoints.*} if any (they win over URLs,
     * as in Kestrel), else {@code harrier.urls}, else {@value #DEFAULT_URL}.
     */
    List<EndpointConfig> endpoints(SocketOptions defaults) {
        List<EndpointConfig> endpoints = new ArrayList<>();
        List<String> names = config.endpointNames();
        if (!names.isEmpty()) {
            if (config.get("harrier.urls") != null) {
                LOG.warn("Overriding URLs {} (from {}): endpoints are configured under harrier.endpoints.*",
                        config.get("harrier.urls"), config.sourceOf("harrier.urls"));
            }
            for (String name : names) {
                String prefix = "harrier.endpoints." + name + ".";
                String url = config.get(prefix + "url");
                if (url == null) {
                    throw new ConfigurationException("Endpoint '" + name + "' has no URL: set " + prefix
                            + "url, for example " + prefix + "url=http://localhost:8080");
                }
                HttpProtocols[] protocols = {null};
                text(prefix + "protocols", v -> protocols[0] = HttpProtocols.parse(v));
                boolean[] disableAltSvc = {disableAltSvcHeader()};
                bool(prefix + "disableAltSvcHeader", v -> disableAltSvc[0] = v);
                endpoints.add(new EndpointConfig(name, parse(prefix + "url", url), config.get(prefix + "transport"),
                        socketOptions(prefix + "socket.", defaults), protocols[0], disableAltSvc[0]));
            }
            return endpoints;
        }
        String urls = config.get("harrier.urls");
        if (urls == null || urls.isBlank()) {
            urls = DEFAULT_URL;
        }
        int i = 0;
        for (String url : urls.split(";")) {
            if (!url.isBlank()) {
                endpoints.add(new EndpointConfig("url" + i++, parse("harrier.urls", url), null, defaults, null,
                        disableAltSvcHeader()));
            }
        }
        return endpoints;
    }

    /** {@code harrier.disableAltSvcHeader}: every endpoint's default. */
    private boolean disableAltSvcHeader() {
        boolean[] disable = {false};
        bool("harrier.disableAltSvcHeader", v -> disable[0] = v);
        return disable[0];
    }

    private EndpointUrl parse(String key, String url) {
        try {
            return EndpointUrl.parse(url);
        } catch (ConfigurationException e) {
            throw new ConfigurationException(e.getMessage() + " (" + key + " from " + config.sourceOf(key) + ")");
        }
    }

    private static Scheduling scheduling(String value) {
        return switch (value.toLowerCase(Locale.ROOT).replace("_", "")) {
            case "virtualthreads" -> Scheduling.VIRTUAL_THREADS;
            case "inline" -> Scheduling.INLINE;
            default -> throw new IllegalArgumentException("must be VirtualThreads or Inline");
        };
    }

    private static VirtualThreadCarriers carriers(String value) {
        return switch (value.toLowerCase(Locale.ROOT).replace("_", "")) {
            case "auto" -> VirtualThreadCarriers.AUTO;
            case "eventloop" -> VirtualThreadCarriers.EVENT_LOOP;
            case "jdk" -> VirtualThreadCarriers.JDK;
            default -> throw new IllegalArgumentException("must be Auto, EventLoop or Jdk");
        };
    }

    private void text(String key, Consumer<String> setter) {
        apply(key, setter, v -> v);
    }

    private void bool(String key, Consumer<Boolean> setter) {
        apply(key, setter, v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        });
    }

    private void integer(String key, Consumer<Integer> setter) {
        apply(key, setter, Integer::parseInt);
    }

    /** A byte count; {@code none} or {@code -1} for no limit. */
    private void size(String key, Consumer<Long> setter) {
        apply(key, setter, v -> v.equalsIgnoreCase("none") || v.equalsIgnoreCase("unlimited") ? -1L : Long.parseLong(v));
    }

    /** {@code KEY.bytesPerSecond} ({@code none} disables) and {@code KEY.gracePeriod}. */
    private void dataRate(String key, DataRate current, Consumer<DataRate> setter) {
        String rateKey = key + ".bytesPerSecond";
        String graceKey = key + ".gracePeriod";
        String rate = config.get(rateKey);
        String grace = config.get(graceKey);
        if (rate == null && grace == null) {
            return;
        }
        if (rate != null && rate.equalsIgnoreCase("none")) {
            setter.accept(null);
            return;
        }
        DataRate base = current != null ? current : DataRate.DEFAULT;
        double bytesPerSecond = base.bytesPerSecond();
        Duration gracePeriod = base.gracePeriod();
        String failing = rateKey;
        try {
            if (rate != null) {
                bytesPerSecond = Double.parseDouble(rate);
            }
            failing = graceKey;
            if (grace != null) {
                gracePeriod = Duration.parse(grace);
            }
            setter.accept(new DataRate(bytesPerSecond, gracePeriod));
        } catch (NumberFormatException e) {
            throw invalid(failing, config.get(failing), "must be a number of bytes per second, or none");
        } catch (DateTimeParseException e) {
            throw invalid(failing, config.get(failing), "must be an ISO-8601 duration such as PT5S");
        } catch (IllegalArgumentException e) {
            throw invalid(key, rate + " / " + grace, e.getMessage());
        }
    }

    private void duration(String key, Consumer<Duration> setter) {
        apply(key, setter, Duration::parse);
    }

    private <T> void apply(String key, Consumer<T> setter, java.util.function.Function<String, T> parser) {
        String value = config.get(key);
        if (value == null) {
            return;
        }
        try {
            setter.accept(parser.apply(value));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw invalid(key, value, e instanceof DateTimeParseException
                    ? "must be an ISO-8601 duration such as PT30S" : "must be a whole number");
        } catch (IllegalArgumentException e) {
            throw invalid(key, value, e.getMessage());
        }
    }

    private ConfigurationException invalid(String key, String value, String why) {
        return new ConfigurationException("Invalid value '" + value + "' for " + key + " (from "
                + config.sourceOf(key) + "): " + why + ".");
    }
}
