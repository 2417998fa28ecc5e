package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.http.TlsInfo;
import dev.harrier.kernel.WebApp;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.ServerFixture;
import dev.harrier.tests.support.TestCertificates;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** HTTPS endpoints answer real TLS clients (curl, the JDK client) on every transport and scheduling mode. */
class HttpsTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.shared();

    /** An app on https://127.0.0.1:0 with the test server certificate, describing each request's TLS. */
    private static ServerFixture serveHttps(Combination c) {
        WebApp app = c.newApp();
        app.urls("https://127.0.0.1:0");
        CERTIFICATES.useFor(app);
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

    @HttpTest
    void curlGetsAnHttpsAnswerWithTheNegotiatedTls(Combination c) throws Exception {
        try (ServerFixture server = serveHttps(c)) {
            int port = server.port();
            assertEquals("https TLSv1.3 http/1.1 null HTTP/1.1", curl("https://127.0.0.1:" + port + "/"));
            assertEquals("https TLSv1.3 http/1.1 localhost HTTP/1.1",
                    curl("--resolve", "localhost:" + port + ":127.0.0.1", "https://localhost:" + port + "/"));
            assertEquals("https TLSv1.2 http/1.1 localhost HTTP/1.1", curl("--tls-max", "1.2",
                    "--resolve", "localhost:" + port + ":127.0.0.1", "https://localhost:" + port + "/"));
        }
    }

    @HttpTest
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
}
