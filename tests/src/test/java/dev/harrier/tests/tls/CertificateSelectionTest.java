package dev.harrier.tests.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.http.CertificateConfig;
import dev.harrier.http.ClientCertificateMode;
import dev.harrier.http.HttpsOptions;
import dev.harrier.http.SslProtocol;
import dev.harrier.http.TlsProvider;
import dev.harrier.kernel.ProviderRegistry;
import dev.harrier.spi.EndpointTls;
import dev.harrier.spi.ServerCertificate;
import dev.harrier.spi.ServerTls;
import dev.harrier.spi.ServerTlsOptions;
import dev.harrier.spi.TlsLayerProvider;
import dev.harrier.tests.support.TestCertificates;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate selection of an HTTPS endpoint as a multiplexed transport's own TLS (QUIC's)
 * asks for it through {@link EndpointTls#certificate}: the same SNI choice, policies and reloads
 * as the endpoint's TLS layer, read from the files the endpoint names.
 */
class CertificateSelectionTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.shared();

    @TempDir
    Path dir;

    private static TlsLayerProvider provider() {
        return ProviderRegistry.serviceLoader(CertificateSelectionTest.class.getClassLoader()).tls().get(0);
    }

    private CertificateConfig issue(String name, String... dnsNames) throws Exception {
        Path certificate = dir.resolve(name + ".pem");
        Path key = dir.resolve(name + ".key");
        CERTIFICATES.issueServer(name, dnsNames).writePem(certificate, key);
        return CertificateConfig.pem(certificate, key);
    }

    private static String subject(ServerCertificate certificate) {
        X509Certificate leaf = certificate.chain().get(0);
        return leaf.getSubjectX500Principal().getName();
    }

    @Test
    void theHostNameChoosesAsOnTheEndpointAndReloadsShow() throws Exception {
        HttpsOptions api = new HttpsOptions()
                .certificate(issue("main", "localhost"))
                .sslProtocols(SslProtocol.TLS13)
                .clientCertificateMode(ClientCertificateMode.ALLOW_CERTIFICATE)
                .sni("api.example.com", issue("api", "api.example.com"))
                .sni("*.example.com", issue("wild", "*.example.com"));
        try (ServerTls tls = provider().create(new ServerTlsOptions(new HttpsOptions(), Map.of("api", api),
                TlsProvider.AUTO, Duration.ofMillis(100), false))) {
            EndpointTls endpoint = tls.forEndpoint("api", "'api' (https://127.0.0.1:0)", true, List.of("h3"));
            assertEquals("CN=api", subject(endpoint.certificate("api.example.com")));
            assertEquals("CN=wild", subject(endpoint.certificate("deep.down.example.com")));
            ServerCertificate main = endpoint.certificate(null);
            assertEquals("CN=main", subject(main), "a client without SNI gets the endpoint's own");
            assertEquals("CN=main", subject(endpoint.certificate("other.org")));
            assertEquals(Set.of(SslProtocol.TLS13), main.protocols());
            assertEquals(ClientCertificateMode.ALLOW_CERTIFICATE, main.clientCertificateMode());
            assertTrue(main.key() != null && main.chain().size() >= 1);

            issue("main", "localhost"); // the same name, a new key and certificate
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            ServerCertificate reloaded = endpoint.certificate(null);
            while (reloaded.version() == main.version() && System.nanoTime() < deadline) {
                Thread.sleep(20);
                reloaded = endpoint.certificate(null);
            }
            assertNotEquals(main.version(), reloaded.version(), "the files were read again");
            assertNotEquals(main.chain().get(0), reloaded.chain().get(0));
        }
    }

    @Test
    void unknownNamesAreRefusedWhenTheEndpointSaysSoAndBadFilesFailWithTheirName() throws Exception {
        HttpsOptions strict = new HttpsOptions().sni("api.example.com", issue("api", "api.example.com"))
                .rejectUnknownSni(true);
        try (ServerTls tls = provider().create(new ServerTlsOptions(new HttpsOptions(), Map.of("strict", strict),
                TlsProvider.JDK, Duration.ofSeconds(2), false))) {
            EndpointTls endpoint = tls.forEndpoint("strict", "'strict'", false, List.of("h2"));
            assertEquals("CN=api", subject(endpoint.certificate("api.example.com")));
            assertNull(endpoint.certificate("other.example.com"));
            assertNull(endpoint.certificate(null));

            Path missing = dir.resolve("missing.pem");
            HttpsOptions broken = new HttpsOptions().certificate(CertificateConfig.pem(missing, dir.resolve("missing.key")));
            try (ServerTls other = provider().create(new ServerTlsOptions(broken, Map.of(), TlsProvider.JDK,
                    Duration.ofSeconds(2), false))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> other.forEndpoint("main", "'main'", false, List.of("h2")));
                assertTrue(e.getMessage().contains("'main'") && e.getMessage().contains(missing.toString()),
                        e.getMessage());
            }
        }
    }
}
