package dev.harrier.tls;

import dev.harrier.http.TlsInfo;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** What a connection's TLS handshake settled, captured once when it completes. */
record TlsSession(String protocol, String cipherSuite, String serverName, String applicationProtocol,
        List<Certificate> peerCertificates) implements TlsInfo {

    /**
     * @param serverName the SNI host name the ClientHello reader saw, or {@code null}: then
     *                   the one the session recorded, if any
     */
    static TlsSession of(SSLSession session, String serverName, String applicationProtocol) {
        List<Certificate> peer;
        try {
            peer = List.of(session.getPeerCertificates());
        } catch (SSLPeerUnverifiedException noClientCertificate) {
            peer = List.of();
        }
        return new TlsSession(session.getProtocol(), session.getCipherSuite(),
                serverName != null ? serverName : requestedServerName(session),
                applicationProtocol == null || applicationProtocol.isEmpty() ? null : applicationProtocol, peer);
    }

    private static String requestedServerName(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }
}
