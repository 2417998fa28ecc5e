package dev.harrier.tests.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.http.HttpUpgradeFeature;
import dev.harrier.http.TlsInfo;
import dev.harrier.http.UpgradedConnection;
import dev.harrier.kernel.Scheduling;
import dev.harrier.http.TlsProvider;
import dev.harrier.app.WebApp;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.RawResponse;
import dev.harrier.tests.support.ServerFixture;
import dev.harrier.tests.support.TestCertificates;
import dev.harrier.tests.support.WireProtocol;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HTTPS endpoints answer real TLS clients (curl, the JDK client) on every transport and scheduling mode.
 * Each test makes its own HTTPS endpoint and clients, so it takes the transport and scheduling of
 * the cleartext HTTP/1.1 combinations ({@link Capability#CLEARTEXT_WIRE}): a TLS combination would
 * only repeat them.
 */
class HttpsTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.shared();

    /** An app on https://127.0.0.1:0 with the test server certificate, describing each request's TLS. */
    private static ServerFixture serveHttps(Combination c) {
        WebApp app = c.newApp();
        app.urls("https://127.0.0.1:0");
        CERTIFICATES.useFor(app);
        app.post("/echo", ctx -> ctx.response().send(ctx.request().readAllBytes()));
        app.get("/", ctx -> {
            TlsInfo tls = ctx.connection().tls();
            ctx.response().send(ctx.request().scheme() + " " + tls.protocol() + " " + tls.applicationProtocol()
                    + " " + tls.serverName() + " " + ctx.connection().protocol());
        });
        return ServerFixture.start(app);
    }

    private static String curl(String... args) throws Exception {
        List<String> all = new ArrayList<>(CERTIFICATES.curlArgs());
        all.addAll(List.of(args));
        return Curl.run(all.toArray(String[]::new)).ok();
    }

    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.CLEARTEXT_WIRE})
    void curlGetsAnHttpsAnswerWithTheNegotiatedTls(Combination c) throws Exception {
        try (ServerFixture server = serveHttps(c)) {
            int port = server.port();
            assertEquals("https TLSv1.3 h2 null HTTP/2", curl("https://127.0.0.1:" + port + "/"));
            assertEquals("https TLSv1.3 http/1.1 localhost HTTP/1.1", curl("--http1.1",
                    "--resolve", "localhost:" + port + ":127.0.0.1", "https://localhost:" + port + "/"));
            assertEquals("https TLSv1.2 h2 localhost HTTP/2", curl("--tls-max", "1.2",
                    "--resolve", "localhost:" + port + ":127.0.0.1", "https://localhost:" + port + "/"));
        }
    }

    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.CLEARTEXT_WIRE})
    void theJdkClientGetsAnHttpsAnswerOnOneConnection(Combination c) throws Exception {
        try (ServerFixture server = serveHttps(c)) {
            var client = CERTIFICATES.httpClient();
            URI uri = URI.create("https://127.0.0.1:" + server.port() + "/");
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode());
                // The JDK client offers no ALPN when it speaks HTTP/1.1 only: the endpoint serves HTTP/1.1 anyway.
                assertEquals("https TLSv1.3 null null HTTP/1.1", response.body());
            }
        }
    }

    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.CLEARTEXT_WIRE})
    void largeBodiesCrossTlsBothWays(Combination c) throws Exception {
        try (ServerFixture server = serveHttps(c)) {
            byte[] body = new byte[3 * 1024 * 1024 + 17];
            new java.util.Random(7).nextBytes(body);
            HttpResponse<byte[]> response = CERTIFICATES.httpClient().send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/echo"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertArrayEquals(body, response.body());
        }
    }

    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.CLEARTEXT_WIRE})
    void pipelinedRequestsOnOneTlsConnection(Combination c) throws Exception {
        try (ServerFixture server = serveHttps(c);
                RawConnection conn = RawConnection.over(CERTIFICATES.connect(server.port(), "localhost",
                        CERTIFICATES.sslContext()))) {
            conn.send("GET / HTTP/1.1\r\nHost: a\r\n\r\nPOST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
                    + "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            assertEquals("https TLSv1.3 null localhost HTTP/1.1", conn.readFinal().bodyText());
            assertEquals("hello", conn.readFinal().bodyText());
            RawResponse last = conn.readFinal();
            assertEquals("close", last.header("connection"));
            conn.awaitClosed(Duration.ofSeconds(10));
        }
    }

    /** A client speaking plain HTTP to an HTTPS endpoint is told so with a 400 and closed, as nginx does. */
    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.CLEARTEXT_WIRE})
    void plainHttpOnAnHttpsEndpointGets400(Combination c) throws Exception {
        try (ServerFixture server = serveHttps(c); RawConnection conn = server.connect()) {
            conn.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            RawResponse response = conn.readFinal();
            assertEquals(400, response.status());
            assertEquals("This endpoint speaks HTTPS: use an https:// URL.\n", response.bodyText());
            conn.awaitClosed(Duration.ofSeconds(10));
        }
    }

    /**
     * The client's close_notify ends an upgraded connection's input, as a TCP half-close does.
     * With the JDK's TLS the handler can still answer; OpenSSL closes both directions when it
     * receives close_notify, so the connection then closes.
     */
    @ParameterizedTest
    @EnumSource(value = TlsProvider.class, names = {"OPENSSL", "JDK"})
    void closeNotifyEndsTheInputOfAnUpgradedConnection(TlsProvider provider) throws Exception {
        CountDownLatch inputEnded = new CountDownLatch(1);
        WebApp app = new Combination("nio", Scheduling.VIRTUAL_THREADS, WireProtocol.HTTP1).newApp();
        app.urls("https://127.0.0.1:0");
        app.options().tlsProvider(provider);
        app.get("/echo", ctx -> {
            UpgradedConnection upgraded = ctx.features().get(HttpUpgradeFeature.class).upgrade();
            byte[] buffer = new byte[1024];
            for (int n; (n = upgraded.input().read(buffer)) >= 0; ) {
                upgraded.output().write(buffer, 0, n);
                upgraded.output().flush();
            }
            inputEnded.countDown();
            upgraded.output().write("bye".getBytes(StandardCharsets.US_ASCII));
            upgraded.output().flush();
            upgraded.close();
        });
        try (ServerFixture server = ServerFixture.start(CERTIFICATES.useFor(app));
                RawConnection conn = RawConnection.over(CERTIFICATES.connect(server.port(), null, CERTIFICATES.sslContext()))) {
            conn.send("GET /echo HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: echo\r\n\r\n");
            assertEquals(101, conn.read().status());
            conn.send("hello");
            assertEquals("hello", new String(conn.readExactly(5), StandardCharsets.US_ASCII));
            conn.shutdownOutput();
            assertTrue(inputEnded.await(10, TimeUnit.SECONDS), "the handler saw the end of its input");
            String rest = new String(conn.awaitClosed(Duration.ofSeconds(10)), StandardCharsets.US_ASCII);
            assertEquals(provider == TlsProvider.JDK ? "bye" : "", rest);
        }
    }
}
