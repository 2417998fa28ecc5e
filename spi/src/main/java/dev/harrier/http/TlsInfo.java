package dev.harrier.http;

import java.security.cert.Certificate;
import java.util.List;

/** What was negotiated on a TLS connection. */
public interface TlsInfo {

    /** For example {@code TLSv1.3}. */
    String protocol();

    String cipherSuite();

    /** The host name the client asked for (SNI), or {@code null}. */
    String serverName();

    /** The ALPN protocol id, for example {@code h2}, or {@code null} when none was negotiated. */
    String applicationProtocol();

    /** The client's certificate chain, leaf first; empty when the client sent none. */
    List<Certificate> peerCertificates();
}
