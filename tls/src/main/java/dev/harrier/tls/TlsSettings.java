package dev.harrier.tls;

import dev.harrier.http.CertificateConfig;
import dev.harrier.http.ClientCertificateMode;
import dev.harrier.http.SslProtocol;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Everything one TLS server context is made of: the certificate, the TLS versions, the client
 * certificate policy and trust, and the ALPN ids to offer. Endpoints (or SNI entries) with
 * equal settings share one context.
 *
 * @param certificate       the server certificate
 * @param certificateOrigin where it was configured, for error messages
 * @param protocols         the TLS versions accepted
 * @param clientCertificateMode whether clients are asked for a certificate
 * @param trust             the certificate authorities of client certificates, or {@code null} for the JDK's
 * @param trustPassword     the PKCS #12 password of {@code trust}, or {@code null}
 * @param alpnIds           the ALPN ids offered, most preferred first
 */
record TlsSettings(CertificateConfig certificate, String certificateOrigin, Set<SslProtocol> protocols,
        ClientCertificateMode clientCertificateMode, Path trust, String trustPassword, List<String> alpnIds) {

    TlsSettings {
        protocols = Set.copyOf(protocols);
        alpnIds = List.copyOf(alpnIds);
    }

    /** The files the context is read from: a change in any of them reloads it. */
    List<Path> files() {
        List<Path> files = new ArrayList<>();
        files.add(certificate.path());
        if (certificate.keyPath() != null) {
            files.add(certificate.keyPath());
        }
        if (trust != null && clientCertificateMode != ClientCertificateMode.NO_CERTIFICATE) {
            files.add(trust);
        }
        return files;
    }

    /** Shows the files and choices, never the passwords. */
    @Override
    public String toString() {
        return certificate + ", " + protocols + ", " + clientCertificateMode + (trust == null ? "" : ", trust " + trust)
                + ", ALPN " + alpnIds;
    }
}
