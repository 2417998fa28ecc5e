package dev.harrier.tests.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.ServerProcess;
import dev.harrier.tests.support.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The TLS implementation as the runnable server reports it: OpenSSL when it loads, the JDK's
 * when asked or when OpenSSL cannot load, a start-up failure when OpenSSL is asked for and cannot
 * load; and failed handshakes never logged as warnings or errors.
 */
class TlsProcessTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.shared();
    private static final List<String> NO_OPENSSL = List.of("-Dio.netty.handler.ssl.noOpenSsl=true");
    private static final String NO_OPENSSL_CAUSE = "OpenSSL was explicit disabled with -Dio.netty.handler.ssl.noOpenSsl=true";

    /** The runnable server on https://127.0.0.1:PORT with the test certificate, and these options. */
    private static ServerProcess server(List<String> jvmOptions, int port, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("--urls", "https://127.0.0.1:" + port,
                "--harrier.certificates.default.path=" + CERTIFICATES.serverPem().path(),
                "--harrier.certificates.default.keyPath=" + CERTIFICATES.serverPem().keyPath()));
        args.addAll(List.of(options));
        return ServerProcess.runnableJar(jvmOptions, args.toArray(String[]::new));
    }

    private static String curl(int port, String... options) throws Exception {
        List<String> args = new ArrayList<>(CERTIFICATES.curlArgs());
        args.addAll(List.of(options));
        args.add("https://127.0.0.1:" + port + "/");
        return Curl.run(args.toArray(String[]::new)).ok();
    }

    @Test
    void theImplementationIsChosenAndLogged() throws Exception {
        try (ServerProcess list = ServerProcess.runnableJar(List.of(), "--list-transports")) {
            assertEquals(0, list.awaitExit(), list.output());
            assertTrue(Pattern.compile("(?m)^\\s+openssl\\s+available: BoringSSL$").matcher(list.output()).find(),
                    list.output());
        }
        try (ServerProcess list = ServerProcess.runnableJar(NO_OPENSSL, "--list-transports")) {
            assertEquals(0, list.awaitExit(), list.output());
            assertTrue(Pattern.compile("(?m)^\\s+openssl\\s+unavailable: .*" + Pattern.quote(NO_OPENSSL_CAUSE) + "$")
                    .matcher(list.output()).find(), list.output());
            assertTrue(Pattern.compile("(?m)^\\s+jdk\\s+available$").matcher(list.output()).find(), list.output());
        }
        int port = freePort();
        try (ServerProcess openssl = server(List.of(), port)) {
            openssl.awaitOutput("Application started.");
            assertTrue(openssl.output().contains("TLS: OpenSSL (BoringSSL through netty-tcnative)"), openssl.output());
            assertEquals("Hello from inside Harrier", curl(port));
            assertEquals(143, openssl.terminate(), openssl.output());
        }
        try (ServerProcess jdk = server(List.of(), port, "--harrier.tls.provider=jdk")) {
            jdk.awaitOutput("Application started.");
            assertTrue(jdk.output().contains("TLS: the JDK's implementation (harrier.tls.provider=jdk)"), jdk.output());
            assertEquals("Hello from inside Harrier", curl(port));
            assertEquals(143, jdk.terminate(), jdk.output());
        }
        try (ServerProcess fallback = server(NO_OPENSSL, port)) {
            fallback.awaitOutput("Application started.");
            assertTrue(fallback.output().contains("TLS: the JDK's implementation (OpenSSL is not available: "), fallback.output());
            assertTrue(fallback.output().contains(NO_OPENSSL_CAUSE), fallback.output());
            assertEquals("Hello from inside Harrier", curl(port));
            assertEquals(143, fallback.terminate(), fallback.output());
        }
        try (ServerProcess refused = server(NO_OPENSSL, port, "--harrier.tls.provider=openssl")) {
            assertEquals(2, refused.awaitExit(), refused.output());
            assertTrue(refused.output().contains("harrier: harrier.tls.provider is openssl, but OpenSSL cannot be loaded: "),
                    refused.output());
            assertTrue(refused.output().contains(NO_OPENSSL_CAUSE), refused.output());
            assertFalse(refused.output().contains("Now listening on"), refused.output());
        }
    }

    @Test
    void failedHandshakesAreNotWarningsOrErrors() throws Exception {
        int port = freePort();
        try (ServerProcess server = server(List.of(), port, "--harrier.endpointDefaults.sslProtocols=Tls13",
                "--harrier.limits.tlsHandshakeTimeout=PT0.5S")) {
            server.awaitOutput("Application started.");
            List<String> tooOld = new ArrayList<>(CERTIFICATES.curlArgs());
            tooOld.addAll(List.of("--tls-max", "1.2", "https://127.0.0.1:" + port + "/"));
            Curl.run(tooOld.toArray(String[]::new)).failedTls();
            // Curl refuses an unknown authority.
            Curl.run("https://127.0.0.1:" + port + "/").failedTls();
            try (RawConnection garbage = RawConnection.open("127.0.0.1", port)) {
                garbage.send(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 'h', 'e', 'l', 'l', 'o'});
                garbage.awaitClosed(Duration.ofSeconds(10));
            }
            try (RawConnection silent = RawConnection.open("127.0.0.1", port)) {
                silent.awaitClosed(Duration.ofSeconds(10));
            }
            try (RawConnection plain = RawConnection.open("127.0.0.1", port)) {
                plain.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals(400, plain.readFinal().status());
            }
            RawConnection.open("127.0.0.1", port).close();
            assertEquals("Hello from inside Harrier", curl(port));
            assertEquals(143, server.terminate(), server.output());
            List<String> loud = server.output().lines()
                    .filter(line -> line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("Exception"))
                    .toList();
            assertEquals(List.of(), loud, server.output());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Test
    void httpsSettingsOfACleartextEndpointAreIgnoredWithAWarning() throws Exception {
        int port = freePort();
        try (ServerProcess server = ServerProcess.runnableJar(List.of(),
                "--harrier.endpoints.web.url=http://127.0.0.1:" + port,
                "--harrier.endpoints.web.certificate.path=" + CERTIFICATES.serverPem().path(),
                "--harrier.endpoints.web.certificate.keyPath=" + CERTIFICATES.serverPem().keyPath())) {
            server.awaitOutput("Application started.");
            assertTrue(server.output().lines().anyMatch(line -> line.contains(" WARN ") && line.contains(
                    "Endpoint 'web' (http://127.0.0.1:" + port + ") is not HTTPS: its certificate and TLS settings are ignored")),
                    server.output());
            assertEquals("Hello from inside Harrier", Curl.run("http://127.0.0.1:" + port + "/").ok());
            assertEquals(143, server.terminate(), server.output());
        }
    }
}
