package dev.harrier.http;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * HTTPS settings, like Kestrel's {@code HttpsConnectionAdapterOptions}: of one endpoint
 * ({@code app.options().https("name")}) or the defaults of every HTTPS endpoint
 * ({@code app.options().httpsDefaults()}). What an endpoint leaves unset ({@code null}) comes
 * from the defaults, then from the built-in defaults: TLS 1.2 and 1.3, no client certificate,
 * the JDK's trust store.
 */
public final class HttpsOptions {

    private CertificateConfig certificate;
    private String certificateOrigin;
    private Set<SslProtocol> sslProtocols;
    private ClientCertificateMode clientCertificateMode;
    private Path clientCertificateTrust;
    private String clientCertificateTrustPassword;
    private final Map<String, SniOptions> sni = new LinkedHashMap<>();
    private Boolean rejectUnknownSni;

    /** The server certificate, or {@code null}. */
    public CertificateConfig certificate() {
        return certificate;
    }

    public HttpsOptions certificate(CertificateConfig value) {
        return certificate(value, "code");
    }

    /** Sets the certificate, saying where it was configured (a key, "code"), for error messages. */
    public HttpsOptions certificate(CertificateConfig value, String origin) {
        certificate = Objects.requireNonNull(value, "certificate");
        certificateOrigin = origin;
        return this;
    }

    /** Where the certificate was configured, for error messages. */
    public String certificateOrigin() {
        return certificateOrigin;
    }

    /** The TLS versions accepted, or {@code null} when unset (then TLS 1.2 and 1.3). */
    public Set<SslProtocol> sslProtocols() {
        return sslProtocols;
    }

    public HttpsOptions sslProtocols(SslProtocol first, SslProtocol... more) {
        return sslProtocols(EnumSet.of(first, more));
    }

    public HttpsOptions sslProtocols(Set<SslProtocol> value) {
        sslProtocols = Set.copyOf(nonEmpty(value));
        return this;
    }

    /** Whether clients are asked for a certificate, or {@code null} when unset (then no). */
    public ClientCertificateMode clientCertificateMode() {
        return clientCertificateMode;
    }

    public HttpsOptions clientCertificateMode(ClientCertificateMode value) {
        clientCertificateMode = Objects.requireNonNull(value, "clientCertificateMode");
        return this;
    }

    /**
     * The certificate authorities client certificates must chain to: a PEM bundle or a PKCS
     * #12 file; {@code null} when unset (then the JDK's trust store).
     */
    public Path clientCertificateTrust() {
        return clientCertificateTrust;
    }

    /** The password of a PKCS #12 {@link #clientCertificateTrust()}, or {@code null}. */
    public String clientCertificateTrustPassword() {
        return clientCertificateTrustPassword;
    }

    /**
     * Sets the certificate authorities client certificates must chain to.
     *
     * @param file     a PEM file of certificates, or a PKCS #12 file
     * @param password the PKCS #12 password, or {@code null}
     */
    public HttpsOptions clientCertificateTrust(Path file, String password) {
        clientCertificateTrust = Objects.requireNonNull(file, "file");
        clientCertificateTrustPassword = password;
        return this;
    }

    /** The SNI entries, by host pattern, in the order added. */
    public Map<String, SniOptions> sni() {
        return Collections.unmodifiableMap(sni);
    }

    /**
     * Serves the host names {@code hostPattern} matches with their own certificate: an exact
     * name ({@code api.example.com}), a wildcard ({@code *.example.com}: any name ending in
     * {@code .example.com}, the longest wildcard winning) or {@code *} (every other name, and
     * clients that send none). Only endpoints have SNI entries, not the defaults.
     */
    public HttpsOptions sni(String hostPattern, SniOptions options) {
        sni.put(normalizePattern(hostPattern), Objects.requireNonNull(options, "options"));
        return this;
    }

    public HttpsOptions sni(String hostPattern, CertificateConfig certificate) {
        return sni(hostPattern, SniOptions.of(certificate));
    }

    /**
     * Whether a client whose SNI host name matches no entry (or that sends none) fails the
     * handshake instead of getting the endpoint's certificate; {@code null} when unset (then
     * no). A {@code *} entry matches every name.
     */
    public Boolean rejectUnknownSni() {
        return rejectUnknownSni;
    }

    public HttpsOptions rejectUnknownSni(boolean value) {
        rejectUnknownSni = value;
        return this;
    }

    /** Whether anything is set. */
    public boolean isEmpty() {
        return certificate == null && sslProtocols == null && clientCertificateMode == null
                && clientCertificateTrust == null && sni.isEmpty() && rejectUnknownSni == null;
    }

    static Set<SslProtocol> nonEmpty(Set<SslProtocol> value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("sslProtocols must name at least one of Tls12 and Tls13");
        }
        return value;
    }

    static String normalizePattern(String pattern) {
        String p = pattern.trim().toLowerCase(Locale.ROOT);
        boolean valid = p.equals("*")
                || (p.startsWith("*.") ? p.substring(2) : p).matches("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
        if (!valid) {
            throw new IllegalArgumentException("Invalid SNI host pattern '" + pattern
                    + "': use a host name (api.example.com), a wildcard (*.example.com) or *");
        }
        return p;
    }
}
