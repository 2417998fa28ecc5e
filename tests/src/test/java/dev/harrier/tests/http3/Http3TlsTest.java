package dev.harrier.tests.http3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.app.Configuration;
import dev.harrier.app.WebApp;
import dev.harrier.http.TlsInfo;
import dev.harrier.kernel.ProviderRegistry;
import dev.harrier.tests.support.H3Wire;
import dev.harrier.tests.support.TestCertificates;
import dev.harrier.tls.certificates.IssuedCertificate;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QUIC's TLS takes the endpoint's certificate configuration: the certificate chosen by SNI, unknown
 * names refused where the endpoint says so, and client certificates required and seen by the
 * application.
 */
class Http3TlsTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.shared();

    private static String get(H3Wire wire, String path) throws Exception {
        H3Wire.Exchange exchange = new H3Wire.Exchange();
        wire.request(exchange).writeAndFlush(new DefaultHttp3HeadersFrame(wire.head("GET", path)))
                .addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        assertTrue(exchange.ended().get(10, TimeUnit.SECONDS));
        return new String(exchange.body(), StandardCharsets.UTF_8);
    }

    private static String presented(H3Wire wire) throws Exception {
        return ((X509Certificate) wire.connection().sslEngine().getSession().getPeerCertificates()[0])
                .getSubjectX500Principal().getName();
    }

    @Test
    void sniChoosesTheCertificateRefusesUnknownNamesAndClientCertificatesAreRequired(@TempDir Path dir) throws Exception {
        IssuedCertificate named = CERTIFICATES.issueServer("api.example.test", "api.example.test");
        named.writePem(dir.resolve("api.pem"), dir.resolve("api.key"));
        IssuedCertificate alice = CERTIFICATES.issueClient("alice");
        String[] args = {
            "--harrier.endpoints.a-sni.url=https://127.0.0.1:0",
            "--harrier.endpoints.a-sni.protocols=Http3",
            "--harrier.endpoints.a-sni.rejectUnknownSni=true",
            "--harrier.endpoints.a-sni.sni.api.example.test.certificate.path=" + dir.resolve("api.pem"),
            "--harrier.endpoints.a-sni.sni.api.example.test.certificate.keyPath=" + dir.resolve("api.key"),
            "--harrier.endpoints.b-mtls.url=https://127.0.0.1:0",
            "--harrier.endpoints.b-mtls.protocols=Http3",
            "--harrier.endpoints.b-mtls.clientCertificateMode=RequireCertificate",
            "--harrier.endpoints.b-mtls.clientCertificateTrust.path=" + CERTIFICATES.caFile(),
        };
        WebApp app = WebApp.create(Configuration.load(args, Map.of(), Path.of("")),
                ProviderRegistry.serviceLoader(Http3TlsTest.class.getClassLoader()));
        CERTIFICATES.useFor(app);
        app.get("/", ctx -> {
            TlsInfo tls = ctx.connection().tls();
            ctx.response().send(tls.protocol() + " " + tls.applicationProtocol() + " " + (tls.peerCertificates().isEmpty()
                    ? "anonymous" : ((X509Certificate) tls.peerCertificates().get(0)).getSubjectX500Principal().getName()));
        });
        app.start();
        try {
            // URLs in the order of the endpoint names
            int sni = java.net.URI.create(app.urls().get(0)).getPort();
            int mtls = java.net.URI.create(app.urls().get(1)).getPort();
            try (H3Wire wire = H3Wire.connect(sni, "api.example.test", null)) {
                assertEquals("CN=api.example.test", presented(wire));
                assertEquals("TLSv1.3 h3 anonymous", get(wire, "/"));
            }
            assertThrows(Exception.class, () -> H3Wire.connect(sni, "other.example.test", null).close(),
                    "an unknown name is refused");

            try (H3Wire wire = H3Wire.connect(sni, "api.example.test", alice)) {
                assertEquals("TLSv1.3 h3 anonymous", get(wire, "/"));
            }
            try (H3Wire wire = H3Wire.connect(mtls, null, alice)) {
                assertEquals("TLSv1.3 h3 CN=alice", get(wire, "/"));
            }
            // TLS 1.3: the client's handshake is done before the server has checked its certificate
            try (H3Wire wire = H3Wire.connect(mtls, null, null)) {
                QuicConnectionCloseEvent close = wire.closed().get(10, TimeUnit.SECONDS);
                assertTrue(close == null || close.isTlsError(), String.valueOf(close));
                assertFalse(wire.connection().isActive(), "a client without a certificate is refused");
            }
        } finally {
            app.stop();
        }
    }

    @Test
    void newQuicConnectionsGetAReloadedCertificateAndOpenOnesKeepTheirs(@TempDir Path dir) throws Exception {
        CERTIFICATES.issueServer("first", "localhost").writePem(dir.resolve("server.pem"), dir.resolve("server.key"));
        String[] args = {
            "--harrier.endpoints.web.url=https://127.0.0.1:0",
            "--harrier.endpoints.web.protocols=Http3",
            "--harrier.endpoints.web.certificate.path=" + dir.resolve("server.pem"),
            "--harrier.endpoints.web.certificate.keyPath=" + dir.resolve("server.key"),
            "--harrier.certificates.reloadInterval=PT0.1S",
        };
        WebApp app = WebApp.create(Configuration.load(args, Map.of(), Path.of("")),
                ProviderRegistry.serviceLoader(Http3TlsTest.class.getClassLoader()));
        app.get("/", ctx -> ctx.response().send("ok"));
        app.start();
        try {
            int port = java.net.URI.create(app.urls().get(0)).getPort();
            try (H3Wire kept = H3Wire.connect(port)) {
                assertEquals("CN=first", presented(kept));
                CERTIFICATES.issueServer("second", "localhost").writePem(dir.resolve("server.pem"), dir.resolve("server.key"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                String seen;
                do {
                    Thread.sleep(100);
                    try (H3Wire fresh = H3Wire.connect(port)) {
                        seen = presented(fresh);
                    }
                } while (!seen.equals("CN=second") && System.nanoTime() < deadline);
                assertEquals("CN=second", seen);
                assertEquals("ok", get(kept, "/"), "the open connection carries on with its certificate");
            }
        } finally {
            app.stop();
        }
    }
}
