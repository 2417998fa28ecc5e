package dev.harrier.tests.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.harrier.app.Configuration;
import dev.harrier.kernel.ProviderRegistry;
import dev.harrier.http.TlsProvider;
import dev.harrier.app.WebApp;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.ServerFixture;
import dev.harrier.tests.support.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SNI from configuration: the certificate of an exact name, the longest matching wildcard, the
 * {@code *} entry or the endpoint's own for other names and clients that send none, and a strict
 * endpoint that refuses names it has no certificate for; with either TLS implementation.
 */
class SniTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.shared();

    @TempDir
    Path dir;

    private void certificate(String name, String... dnsNames) throws IOException {
        CERTIFICATES.issueServer(name, dnsNames).writePem(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    }

    private void sni(Configuration config, String endpoint, String pattern, String certificate) {
        String prefix = "harrier.endpoints." + endpoint + ".sni." + pattern + ".certificate.";
        config.set(prefix + "path", dir.resolve(certificate + ".pem").toString());
        config.set(prefix + "keyPath", dir.resolve(certificate + ".key").toString());
    }

    /** The certificate presented for the name, on a new TLS session (a resumed one would show its first certificate). */
    private static String presented(int port, String serverName) throws IOException {
        try (SSLSocket socket = CERTIFICATES.connect(port, serverName, CERTIFICATES.sslContext(null))) {
            return TestCertificates.presentedName(socket);
        }
    }

    /** curl asks for the name by SNI and checks the certificate it gets is valid for it. */
    private static Curl.Result curl(int port, String serverName, String... options) throws Exception {
        List<String> args = new ArrayList<>(CERTIFICATES.curlArgs());
        args.addAll(List.of(options));
        args.addAll(List.of("--resolve", serverName + ":" + port + ":127.0.0.1", "https://" + serverName + ":" + port + "/"));
        return Curl.run(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"OPENSSL", "JDK"})
    void theHostNameChoosesTheCertificate(TlsProvider provider) throws Exception {
        certificate("default.test", "default.test");
        certificate("exact", "api.example.com");
        certificate("wildcard", "*.example.com");
        certificate("deep", "*.deep.example.com");
        certificate("star", "other.test");
        certificate("tls13", "new.example.com");
        Configuration config = Configuration.empty();
        config.set("harrier.tls.provider", provider.name().toLowerCase(Locale.ROOT));
        // 'open': SNI entries over the endpoint's own certificate, which serves every other name.
        config.set("harrier.endpoints.open.url", "https://127.0.0.1:0");
        config.set("harrier.endpoints.open.certificate.path", dir.resolve("default.test.pem").toString());
        config.set("harrier.endpoints.open.certificate.keyPath", dir.resolve("default.test.key").toString());
        sni(config, "open", "api.example.com", "exact");
        sni(config, "open", "*.example.com", "wildcard");
        sni(config, "open", "*.deep.example.com", "deep");
        sni(config, "open", "new.example.com", "tls13");
        config.set("harrier.endpoints.open.sni.new.example.com.sslProtocols", "Tls13");
        // 'star': a '*' entry serves every other name, whatever the endpoint's own certificate.
        config.set("harrier.endpoints.star.url", "https://127.0.0.1:0");
        config.set("harrier.endpoints.star.certificate.path", dir.resolve("default.test.pem").toString());
        config.set("harrier.endpoints.star.certificate.keyPath", dir.resolve("default.test.key").toString());
        sni(config, "star", "api.example.com", "exact");
        sni(config, "star", "*", "star");
        // 'strict': names without an entry fail the handshake.
        config.set("harrier.endpoints.strict.url", "https://127.0.0.1:0");
        config.set("harrier.endpoints.strict.certificate.path", dir.resolve("default.test.pem").toString());
        config.set("harrier.endpoints.strict.certificate.keyPath", dir.resolve("default.test.key").toString());
        config.set("harrier.endpoints.strict.rejectUnknownSni", "true");
        sni(config, "strict", "api.example.com", "exact");
        WebApp app = WebApp.create(config, ProviderRegistry.serviceLoader(getClass().getClassLoader()));
        app.get("/", ctx -> ctx.response().send("asked for " + ctx.connection().tls().serverName()));
        try (ServerFixture server = ServerFixture.start(app)) {
            int open = URI.create(server.urls().get(0)).getPort();
            int star = URI.create(server.urls().get(1)).getPort();
            int strict = URI.create(server.urls().get(2)).getPort();

            assertEquals("exact", presented(open, "api.example.com"));
            assertEquals("wildcard", presented(open, "www.example.com"));
            assertEquals("wildcard", presented(open, "a.b.example.com"));
            assertEquals("deep", presented(open, "x.deep.example.com"), "the longest wildcard wins");
            assertEquals("default.test", presented(open, "example.com"), "a wildcard needs a label before it");
            assertEquals("default.test", presented(open, "unknown.test"));
            assertEquals("default.test", presented(open, null));
            assertEquals("asked for api.example.com", curl(open, "api.example.com").ok());
            assertEquals("asked for www.example.com", curl(open, "www.example.com").ok());
            assertEquals("asked for default.test", curl(open, "default.test").ok());
            assertEquals("asked for new.example.com", curl(open, "new.example.com").ok());
            // The SNI entry's own TLS versions apply.
            curl(open, "new.example.com", "--tls-max", "1.2").failedTls();
            assertEquals("asked for www.example.com", curl(open, "www.example.com", "--tls-max", "1.2").ok());

            assertEquals("exact", presented(star, "api.example.com"));
            assertEquals("star", presented(star, "unknown.test"));
            assertEquals("star", presented(star, null));

            assertEquals("exact", presented(strict, "api.example.com"));
            assertEquals("asked for api.example.com", curl(strict, "api.example.com").ok());
            assertThrows(IOException.class, () -> presented(strict, "unknown.test"));
            assertThrows(IOException.class, () -> presented(strict, null));
            curl(strict, "default.test").failedTls();
        }
    }
}
