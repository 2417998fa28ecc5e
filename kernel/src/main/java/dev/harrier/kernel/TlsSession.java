package dev.harrier.kernel;

import dev.harrier.http.TlsInfo;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** What a connection's TLS handshake settled, captured once when it completes. */
record TlsSession(String protocol, String cipherSuite, String serverName, String applicationProtocol,
        List<Certificate> peerCertificates) implements TlsInfo {

    static TlsSession of(SSLSession session, String serverName, String applicationProtocol) {
        List<Certificate> peer;
        try {
            peer = List.of(session.getPeerCertificates());
        } catch (SSLPeerUnverifiedException noClientCertificate) {
            peer = List.of();
        }
        return new TlsSession(session.getProtocol(), session.getCipherSuite(), serverName,
                applicationProtocol == null || applicationProtocol.isEmpty() ? null : applicationProtocol, peer);
    }
}
