package dev.harrier.http;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The certificate, and optionally the TLS versions and client certificate mode, an HTTPS
 * endpoint uses for the host names one SNI pattern matches, like an entry of Kestrel's
 * {@code Sni} section. Unset values ({@code null}) are the endpoint's.
 *
 * @param certificate           the certificate for these host names
 * @param sslProtocols          the TLS versions, or {@code null} for the endpoint's
 * @param clientCertificateMode the client certificate mode, or {@code null} for the endpoint's
 */
public record SniOptions(CertificateConfig certificate, Set<SslProtocol> sslProtocols,
        ClientCertificateMode clientCertificateMode) {

    public SniOptions {
        Objects.requireNonNull(certificate, "certificate");
        sslProtocols = sslProtocols == null ? null : Set.copyOf(HttpsOptions.nonEmpty(sslProtocols));
    }

    /** The certificate alone; the rest as the endpoint has it. */
    public static SniOptions of(CertificateConfig certificate) {
        return new SniOptions(certificate, null, null);
    }

    public SniOptions withSslProtocols(SslProtocol first, SslProtocol... more) {
        return new SniOptions(certificate, EnumSet.of(first, more), clientCertificateMode);
    }

    public SniOptions withClientCertificateMode(ClientCertificateMode mode) {
        return new SniOptions(certificate, sslProtocols, mode);
    }
}
