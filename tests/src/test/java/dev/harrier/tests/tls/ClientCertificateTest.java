package dev.harrier.tests.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.harrier.http.ClientCertificateMode;
import dev.harrier.app.Configuration;
import dev.harrier.kernel.ProviderRegistry;
import dev.harrier.http.TlsProvider;
import dev.harrier.app.WebApp;
import dev.harrier.tls.certificates.CertificateBuilder;
import dev.harrier.tls.certificates.IssuedCertificate;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.ServerFixture;
import dev.harrier.tests.support.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Client certificates in Kestrel's three modes, trusted through a PEM bundle or a PKCS #12
 * file or the JDK's trust store, with the chain a client presented visible to the handler;
 * with either TLS implementation.
 */
class ClientCertificateTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.shared();

    @TempDir
    Path dir;

    private static String send(int port, SSLContext context) throws Exception {
        HttpResponse<String> response = TestCertificates.httpClient(context).send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"OPENSSL", "JDK"})
    void noneAllowAndRequire(TlsProvider provider) throws Exception {
        IssuedCertificate client = CERTIFICATES.issueClient("alice");
        IssuedCertificate stranger = CertificateBuilder.forSubject("mallory").clientAuth()
                .issuedBy(CertificateBuilder.forSubject("Other CA").certificateAuthority().selfSigned());
        client.writePem(dir.resolve("alice.pem"), dir.resolve("alice.key"));
        stranger.writePem(dir.resolve("mallory.pem"), dir.resolve("mallory.key"));
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("ca", CERTIFICATES.authority().certificate());
        try (var out = java.nio.file.Files.newOutputStream(dir.resolve("trust.p12"))) {
            trustStore.store(out, "trust-pass".toCharArray());
        }

        Configuration config = Configuration.empty();
        config.set("harrier.tls.provider", provider.name().toLowerCase(Locale.ROOT));
        for (String name : List.of("allow", "jdktrust", "none", "require", "requirep12")) {
            config.set("harrier.endpoints." + name + ".url", "https://127.0.0.1:0");
        }
        // Every endpoint requires a certificate unless it says otherwise; 'jdktrust' trusts the JDK's store.
        config.set("harrier.endpointDefaults.clientCertificateMode", "RequireCertificate");
        config.set("harrier.endpoints.allow.clientCertificateMode", "AllowCertificate");
        config.set("harrier.endpoints.allow.clientCertificateTrust.path", CERTIFICATES.caFile().toString());
        config.set("harrier.endpoints.require.clientCertificateTrust.path", CERTIFICATES.caFile().toString());
        config.set("harrier.endpoints.requirep12.clientCertificateTrust.path", dir.resolve("trust.p12").toString());
        config.set("harrier.endpoints.requirep12.clientCertificateTrust.password", "trust-pass");
        WebApp app = CERTIFICATES.useFor(WebApp.create(config, ProviderRegistry.serviceLoader(getClass().getClassLoader())));
        app.options().https("none").clientCertificateMode(ClientCertificateMode.NO_CERTIFICATE);
        app.get("/", ctx -> ctx.response().send(ctx.connection().tls().peerCertificates().stream()
                .map(c -> ((X509Certificate) c).getSubjectX500Principal().getName())
                .collect(Collectors.joining(" < ", ctx.connection().tls().peerCertificates().size() + ": ", ""))));
        try (ServerFixture server = ServerFixture.start(app)) {
            int allow = port(server, 0);
            int jdkTrust = port(server, 1);
            int none = port(server, 2);
            int require = port(server, 3);
            int requireP12 = port(server, 4);
            SSLContext anonymous = CERTIFICATES.sslContext(null);
            SSLContext alice = CERTIFICATES.sslContext(client);
            SSLContext mallory = CERTIFICATES.sslContext(stranger);

            assertEquals("0: ", send(none, anonymous));
            assertEquals("0: ", send(none, alice), "not asked, the client sends nothing");

            assertEquals("0: ", send(allow, anonymous));
            assertEquals("1: CN=alice", send(allow, alice));
            // The JDK client only offers a certificate from an authority the server names: none here.
            assertEquals("0: ", send(allow, mallory));
            // An untrusted certificate fails the handshake.
            curlWith("mallory", allow).failedTls();

            assertEquals("1: CN=alice", send(require, alice));
            assertEquals("1: CN=alice", send(requireP12, alice));
            assertThrows(IOException.class, () -> send(require, anonymous));
            assertThrows(IOException.class, () -> send(require, mallory));
            assertThrows(IOException.class, () -> send(jdkTrust, alice), "the JDK's trust store knows no test authority");

            // curl (OpenSSL) completes the chain from its CA file: the handler sees the whole chain, leaf first.
            assertEquals("2: CN=alice < CN=Harrier Test CA", curlWith("alice", require).ok());
            curlWith("mallory", require).failedTls();
            List<String> noCertificate = new ArrayList<>(CERTIFICATES.curlArgs());
            noCertificate.add("https://127.0.0.1:" + require + "/");
            Curl.run(noCertificate.toArray(String[]::new)).failedTls();
        }
    }

    /** curl presenting the certificate and key written as NAME.pem and NAME.key. */
    private Curl.Result curlWith(String name, int port) throws Exception {
        List<String> curl = new ArrayList<>(CERTIFICATES.curlArgs());
        curl.addAll(List.of("--cert", dir.resolve(name + ".pem").toString(), "--key", dir.resolve(name + ".key").toString(),
                "https://127.0.0.1:" + port + "/"));
        return Curl.run(curl.toArray(String[]::new));
    }

    private static int port(ServerFixture server, int index) {
        return URI.create(server.urls().get(index)).getPort();
    }
}
