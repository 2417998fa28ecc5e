package dev.harrier.transport.quic;

import dev.harrier.http.TlsInfo;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** What a QUIC connection's TLS 1.3 handshake negotiated, read once it is established. */
record QuicTlsInfo(String protocol, String cipherSuite, String serverName, String applicationProtocol,
        List<Certificate> peerCertificates) implements TlsInfo {

    static QuicTlsInfo of(SSLEngine engine) {
        SSLSession session = engine.getSession();
        return new QuicTlsInfo(session.getProtocol(), session.getCipherSuite(), serverName(engine),
                engine.getApplicationProtocol(), peerCertificates(session));
    }

    private static String serverName(SSLEngine engine) {
        List<SNIServerName> names = engine.getSSLParameters().getServerNames();
        if (names != null) {
            for (SNIServerName name : names) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }

    private static List<Certificate> peerCertificates(SSLSession session) {
        try {
            return List.of(session.getPeerCertificates());
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }
}
