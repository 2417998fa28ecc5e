package dev.harrier.spi;

import dev.harrier.http.ClientCertificateMode;
import dev.harrier.http.SslProtocol;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate an endpoint presents to a client and how it treats the client's, as a TLS
 * implementation of its own (QUIC's) builds its context from them: the same selection (SNI,
 * default, development certificate) and the same reloads as the endpoint's TLS layer.
 *
 * @param key                   the private key
 * @param chain                 the certificate chain, leaf first
 * @param protocols             the TLS versions accepted
 * @param clientCertificateMode whether clients are asked for a certificate
 * @param clientTrust           the authorities a client certificate must chain to, or {@code null}
 *                              for the JDK's trust store
 * @param version               changes whenever the files are reloaded, so a context made from an
 *                              older version can be made anew
 */
public record ServerCertificate(PrivateKey key, List<X509Certificate> chain, Set<SslProtocol> protocols,
        ClientCertificateMode clientCertificateMode, TrustManagerFactory clientTrust, long version) {

    public ServerCertificate {
        chain = List.copyOf(chain);
        protocols = Set.copyOf(protocols);
    }
}
