package dev.harrier.tests.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.http.CertificateConfig;
import dev.harrier.app.Configuration;
import dev.harrier.kernel.ConfigurationException;
import dev.harrier.kernel.ProviderRegistry;
import dev.harrier.http.TlsProvider;
import dev.harrier.app.WebApp;
import dev.harrier.tls.certificates.CertificateBuilder;
import dev.harrier.tls.certificates.IssuedCertificate;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.ServerFixture;
import dev.harrier.tests.support.TestCertificates;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HTTPS configuration: certificates in PKCS #12 and PEM (with and without a key password) from
 * every configuration source, TLS versions per endpoint with both TLS implementations, and a
 * start-up failure naming the endpoint, the file and the cause for every bad certificate setting.
 */
class TlsConfigurationTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.shared();

    @TempDir
    Path dir;

    private WebApp app(Configuration configuration) {
        WebApp app = WebApp.create(configuration, ProviderRegistry.serviceLoader(getClass().getClassLoader()));
        app.options().transport("nio");
        app.get("/", ctx -> ctx.response().send(ctx.connection().tls().protocol() + " "
                + ctx.connection().tls().cipherSuite()));
        return app;
    }

    private static String presented(int port) throws Exception {
        try (SSLSocket socket = CERTIFICATES.connect(port, null, CERTIFICATES.sslContext())) {
            return TestCertificates.presentedName(socket);
        }
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    @Test
    void pkcs12AndPemCertificatesFromEveryConfigurationSource() throws Exception {
        CERTIFICATES.issueServer("pfx.test", "localhost").writePkcs12(dir.resolve("server.pfx"), "pfx-pass".toCharArray());
        CERTIFICATES.issueServer("pem.test", "localhost").writePem(dir.resolve("pem.pem"), dir.resolve("pem.key"));
        CERTIFICATES.issueServer("encrypted.test", "localhost").writePem(dir.resolve("encrypted.pem"),
                dir.resolve("encrypted.key"), "key-pass".toCharArray());
        CERTIFICATES.issueServer("env.test", "localhost").writePem(dir.resolve("env.pem"), dir.resolve("env.key"));
        CERTIFICATES.issueServer("code.test", "localhost").writePkcs12(dir.resolve("code.pfx"), "code-pass".toCharArray());
        // Relative paths in the config file resolve against the working directory.
        Files.writeString(dir.resolve("harrier.properties"), """
                harrier.endpoints.pfx.url=https://127.0.0.1:0
                harrier.endpoints.pfx.certificate.path=server.pfx
                harrier.endpoints.pfx.certificate.password=pfx-pass
                harrier.endpoints.pem.url=https://127.0.0.1:0
                harrier.endpoints.pem.certificate.path=pem.pem
                harrier.endpoints.pem.certificate.keyPath=pem.key
                harrier.endpoints.encrypted.url=https://127.0.0.1:0
                harrier.endpoints.encrypted.certificate.path=encrypted.pem
                harrier.endpoints.encrypted.certificate.keyPath=encrypted.key
                harrier.endpoints.encrypted.certificate.keyPassword=wrong, the command line has the right one
                harrier.endpoints.fromenv.url=https://127.0.0.1:0
                harrier.endpoints.code.url=https://127.0.0.1:0
                harrier.endpoints.code.certificate.path=pem.pem
                harrier.endpoints.code.certificate.keyPath=pem.key
                """);
        Map<String, String> env = Map.of("HARRIER_CERTIFICATES_DEFAULT_PATH", dir.resolve("env.pem").toString(),
                "HARRIER_CERTIFICATES_DEFAULT_KEYPATH", dir.resolve("env.key").toString());
        String[] args = {"--harrier.endpoints.encrypted.certificate.keyPassword=key-pass"};
        WebApp app = app(Configuration.load(args, env, dir));
        app.options().https("code").certificate(CertificateConfig.pkcs12(dir.resolve("code.pfx"), "code-pass"));
        try (ServerFixture server = ServerFixture.start(app)) {
            // Named endpoints in name order: code, encrypted, fromenv, pem, pfx.
            List<String> urls = server.urls();
            assertEquals(5, urls.size(), urls.toString());
            assertEquals("code.test", presented(port(urls.get(0))));
            assertEquals("encrypted.test", presented(port(urls.get(1))));
            assertEquals("env.test", presented(port(urls.get(2))));
            assertEquals("pem.test", presented(port(urls.get(3))));
            assertEquals("pfx.test", presented(port(urls.get(4))));
            for (String url : urls) {
                List<String> curl = new ArrayList<>(CERTIFICATES.curlArgs());
                curl.addAll(List.of("--resolve", "localhost:" + port(url) + ":127.0.0.1", "https://localhost:" + port(url) + "/"));
                assertTrue(Curl.run(curl.toArray(String[]::new)).ok().startsWith("TLSv1.3 "), url);
            }
        }
    }

    /** Keys as the openssl tool writes them: PKCS #1 RSA, SEC 1 EC and PBES2-encrypted PKCS #8. */
    @Test
    void pemKeysWrittenByOpenssl() throws Exception {
        IssuedCertificate rsa = CertificateBuilder.forSubject("rsa.test").keyAlgorithm(CertificateBuilder.KeyAlgorithm.RSA_2048)
                .serverAuth().issuedBy(CERTIFICATES.authority());
        IssuedCertificate ec = CERTIFICATES.issueServer("ec.test", "localhost");
        rsa.writePem(dir.resolve("rsa.pem"), dir.resolve("rsa-pkcs8.key"));
        ec.writePem(dir.resolve("ec.pem"), dir.resolve("ec-pkcs8.key"));
        openssl("pkey", "-in", dir.resolve("rsa-pkcs8.key").toString(), "-traditional", "-out", dir.resolve("rsa.key").toString());
        openssl("pkey", "-in", dir.resolve("ec-pkcs8.key").toString(), "-traditional", "-out", dir.resolve("ec.key").toString());
        openssl("pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", dir.resolve("ec-pkcs8.key").toString(),
                "-passout", "pass:from-openssl", "-out", dir.resolve("ec-encrypted.key").toString());
        assertTrue(Files.readString(dir.resolve("rsa.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertTrue(Files.readString(dir.resolve("ec.key")).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        assertTrue(Files.readString(dir.resolve("ec-encrypted.key")).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        Configuration config = Configuration.empty();
        config.set("harrier.endpoints.a.url", "https://127.0.0.1:0");
        config.set("harrier.endpoints.a.certificate.path", dir.resolve("rsa.pem").toString());
        config.set("harrier.endpoints.a.certificate.keyPath", dir.resolve("rsa.key").toString());
        config.set("harrier.endpoints.b.url", "https://127.0.0.1:0");
        config.set("harrier.endpoints.b.certificate.path", dir.resolve("ec.pem").toString());
        config.set("harrier.endpoints.b.certificate.keyPath", dir.resolve("ec.key").toString());
        config.set("harrier.endpoints.c.url", "https://127.0.0.1:0");
        config.set("harrier.endpoints.c.certificate.path", dir.resolve("ec.pem").toString());
        config.set("harrier.endpoints.c.certificate.keyPath", dir.resolve("ec-encrypted.key").toString());
        config.set("harrier.endpoints.c.certificate.password", "from-openssl");
        try (ServerFixture server = ServerFixture.start(app(config))) {
            assertEquals("rsa.test", presented(port(server.urls().get(0))));
            assertEquals("ec.test", presented(port(server.urls().get(1))));
            assertEquals("ec.test", presented(port(server.urls().get(2))));
        }
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), "openssl " + String.join(" ", args) + ": " + output);
    }

    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"OPENSSL", "JDK"})
    void tlsVersionsPerEndpointWithEitherImplementation(TlsProvider provider) throws Exception {
        Configuration config = Configuration.empty();
        config.set("harrier.tls.provider", provider.name().toLowerCase(java.util.Locale.ROOT));
        config.set("harrier.endpoints.both.url", "https://127.0.0.1:0");
        config.set("harrier.endpoints.tls12.url", "https://127.0.0.1:0");
        config.set("harrier.endpoints.tls12.sslProtocols", "Tls12");
        config.set("harrier.endpoints.tls13.url", "https://127.0.0.1:0");
        config.set("harrier.endpoints.tls13.sslProtocols", "Tls13");
        WebApp app = CERTIFICATES.useFor(app(config));
        try (ServerFixture server = ServerFixture.start(app)) {
            int both = port(server.urls().get(0));
            int tls12 = port(server.urls().get(1));
            int tls13 = port(server.urls().get(2));
            assertTrue(curl(both).ok().startsWith("TLSv1.3 TLS_"));
            assertTrue(curl(both, "--tls-max", "1.2").ok().startsWith("TLSv1.2 TLS_"));
            assertTrue(curl(tls12).ok().startsWith("TLSv1.2 TLS_"));
            // A TLS 1.3 client fails on a TLS 1.2 endpoint.
            curl(tls12, "--tlsv1.3").failedTls();
            assertTrue(curl(tls13).ok().startsWith("TLSv1.3 TLS_"));
            // A TLS 1.2 client fails on a TLS 1.3 endpoint.
            curl(tls13, "--tls-max", "1.2").failedTls();
            for (int port : new int[] {both, tls12, tls13}) {
                HttpResponse<String> response = CERTIFICATES.httpClient().send(
                        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
            }
            assertTrue(server.app().counters().tlsHandshakesFailed() >= 2, "the refused versions count as failures");
        }
    }

    private static Curl.Result curl(int port, String... options) throws Exception {
        List<String> args = new ArrayList<>(CERTIFICATES.curlArgs());
        args.addAll(List.of(options));
        args.add("https://127.0.0.1:" + port + "/");
        return Curl.run(args.toArray(String[]::new));
    }

    // ---- start-up failures ----

    /** Starts an app on https://127.0.0.1:0 (endpoint 'main') configured by the file, expecting it to fail. */
    private String startFailure(String properties, Consumer<WebApp> code) throws Exception {
        Files.writeString(dir.resolve("harrier.properties"), "harrier.endpoints.main.url=https://127.0.0.1:0\n" + properties);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> {
            WebApp app = app(Configuration.load(new String[0], Map.of(), dir));
            code.accept(app);
            ServerFixture.start(app).close();
        });
        return e.getMessage();
    }

    private String startFailure(String properties) throws Exception {
        return startFailure(properties, app -> { });
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
    }

    @Test
    void badCertificateSettingsFailStartUpNamingTheEndpointTheFileAndTheCause() throws Exception {
        IssuedCertificate good = CERTIFICATES.issueServer("good.test", "localhost");
        good.writePem(dir.resolve("good.pem"), dir.resolve("good.key"));
        good.writePem(dir.resolve("encrypted.pem"), dir.resolve("encrypted.key"), "right".toCharArray());
        good.writePkcs12(dir.resolve("good.pfx"), "right".toCharArray());
        CERTIFICATES.issueServer("other.test", "localhost").writePem(dir.resolve("other.pem"), dir.resolve("other.key"));
        Instant now = Instant.now();
        CertificateBuilder.forSubject("expired.test").validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)))
                .issuedBy(CERTIFICATES.authority()).writePem(dir.resolve("expired.pem"), dir.resolve("expired.key"));
        Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        String endpoint = "HTTPS endpoint 'main' (https://127.0.0.1:0)";
        String source = "(certificate from harrier.endpoints.main.certificate.* (from config file ";

        assertMentions(startFailure("harrier.endpoints.main.certificate.path=missing.pem\n"
                        + "harrier.endpoints.main.certificate.keyPath=good.key\n"),
                endpoint, "Cannot read the certificate file " + dir.resolve("missing.pem") + ": the file does not exist.",
                source);
        assertMentions(startFailure("harrier.endpoints.main.certificate.path=good.pfx\n"
                        + "harrier.endpoints.main.certificate.password=wrong\n"),
                endpoint, "Cannot read the certificate file " + dir.resolve("good.pfx") + ": the PKCS #12 password is wrong");
        assertMentions(startFailure("harrier.endpoints.main.certificate.path=encrypted.pem\n"
                        + "harrier.endpoints.main.certificate.keyPath=encrypted.key\n"
                        + "harrier.endpoints.main.certificate.keyPassword=wrong\n"),
                endpoint, "Cannot read the private key file " + dir.resolve("encrypted.key")
                        + ": the private key cannot be decrypted: the key password is wrong");
        assertMentions(startFailure("harrier.endpoints.main.certificate.path=encrypted.pem\n"
                        + "harrier.endpoints.main.certificate.keyPath=encrypted.key\n"),
                endpoint, dir.resolve("encrypted.key") + ": the private key is encrypted, and no key password is configured");
        assertMentions(startFailure("harrier.endpoints.main.certificate.path=good.pem\n"
                        + "harrier.endpoints.main.certificate.keyPath=other.key\n"),
                endpoint, "The private key in " + dir.resolve("other.key") + " does not belong to the certificate CN=good.test in "
                        + dir.resolve("good.pem"));
        assertMentions(startFailure("harrier.endpoints.main.certificate.path=expired.pem\n"
                        + "harrier.endpoints.main.certificate.keyPath=expired.key\n"),
                endpoint, "The certificate CN=expired.test in " + dir.resolve("expired.pem") + " expired on ");
        assertMentions(startFailure("harrier.endpoints.main.certificate.path=garbage.pem\n"
                        + "harrier.endpoints.main.certificate.keyPath=good.key\n"),
                endpoint, "Cannot read the certificate file " + dir.resolve("garbage.pem") + ": it is not a PEM file");
        assertMentions(startFailure("harrier.endpoints.main.certificate.path=good.pem\n"),
                endpoint, dir.resolve("good.pem") + ": it is a PEM file, so its private key file must be configured too (keyPath)");
        assertMentions(startFailure("harrier.endpoints.main.certificate.keyPath=good.key\n"),
                "harrier.endpoints.main.certificate.keyPath is set (from config file ",
                "but harrier.endpoints.main.certificate.path is not");
        assertMentions(startFailure(""), endpoint + " has no certificate. Set harrier.endpoints.NAME.certificate.path",
                "harrier.certificates.default.path", "harrier.environment=Development", "harrier dev-certs");
        assertMentions(startFailure("harrier.certificates.default.path=good.pem\nharrier.certificates.default.keyPath=good.key\n"
                        + "harrier.endpoints.main.sslProtocols=Tls11\n"),
                "Invalid value 'Tls11' for harrier.endpoints.main.sslProtocols (from config file ",
                "must be a comma-separated list of Tls12 and Tls13");
        assertMentions(startFailure("harrier.certificates.default.path=good.pem\nharrier.certificates.default.keyPath=good.key\n"
                        + "harrier.endpoints.main.clientCertificateMode=Sometimes\n"),
                "Invalid value 'Sometimes' for harrier.endpoints.main.clientCertificateMode",
                "must be NoCertificate, AllowCertificate or RequireCertificate");
        assertMentions(startFailure("harrier.certificates.default.path=good.pem\nharrier.certificates.default.keyPath=good.key\n"
                        + "harrier.endpoints.main.sni.a.example.com.sslProtocols=Tls13\n"),
                "The SNI entry 'a.example.com' of endpoint 'main' has no certificate: set "
                        + "harrier.endpoints.main.sni.a.example.com.certificate.path");
        assertMentions(startFailure("harrier.certificates.default.path=good.pem\nharrier.certificates.default.keyPath=good.key\n"
                        + "harrier.endpoints.main.clientCertificateMode=RequireCertificate\n"
                        + "harrier.endpoints.main.clientCertificateTrust.path=missing-ca.pem\n"),
                endpoint, "Cannot read the client certificate trust " + dir.resolve("missing-ca.pem")
                        + ": the file does not exist.");
        assertMentions(startFailure("harrier.certificates.default.path=good.pem\nharrier.certificates.default.keyPath=good.key\n",
                        app -> app.options().https("api").certificate(CertificateConfig.pem(dir.resolve("good.pem"),
                                dir.resolve("good.key")))),
                "HTTPS settings are set for endpoint 'api', but no endpoint has that name (the endpoints are [main])");
    }
}
