package dev.harrier.tests.http3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.app.WebApp;
import dev.harrier.http.TlsInfo;
import dev.harrier.kernel.HttpProtocols;
import dev.harrier.kernel.Scheduling;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.Command;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.ServerFixture;
import dev.harrier.tests.support.TestCertificates;
import dev.harrier.tests.support.WireProtocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tech.kwik.flupke.Http3Client;

/**
 * HTTP/3 against independent clients: ngtcp2's client ({@code gtlsclient}, on quiche's peer
 * library ngtcp2 and GnuTLS) and Flupke (pure Java, Kwik's QUIC and TLS), on every socket
 * transport QUIC rides on, with virtual threads and inline; and Alt-Svc with curl over HTTP/1.1
 * and HTTP/2.
 */
class Http3PeersTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.shared();
    private static final byte[] BIG = new byte[3 * 1024 * 1024 + 5];

    static {
        new Random(3).nextBytes(BIG);
    }

    static Stream<Arguments> transports() {
        List<Arguments> all = new ArrayList<>();
        for (String transport : List.of("nio", "epoll", "io_uring")) {
            for (Scheduling scheduling : Scheduling.values()) {
                all.add(Arguments.of(transport, scheduling));
            }
        }
        return all.stream();
    }

    /** An HTTPS endpoint serving HTTP/1.1, HTTP/2 and HTTP/3 on one port, with the test certificate. */
    private static ServerFixture serve(String transport, Scheduling scheduling) {
        WebApp app = new Combination(transport, scheduling, WireProtocol.H2_TLS).newApp();
        app.options().protocols(HttpProtocols.parse("Http1AndHttp2AndHttp3"));
        app.get("/", ctx -> ctx.response().send("hello over " + ctx.request().protocol()));
        app.get("/whoami", ctx -> {
            TlsInfo tls = ctx.connection().tls();
            ctx.response().send(ctx.request().protocol() + " " + ctx.connection().transport() + " " + tls.protocol()
                    + " " + tls.applicationProtocol() + " " + ctx.request().scheme() + " " + ctx.request().path()
                    + "?" + ctx.request().queryString() + " " + ctx.request().headers().get("x-test"));
        });
        app.get("/big", ctx -> ctx.response().send(BIG));
        app.post("/echo", ctx -> ctx.response().send(ctx.request().readAllBytes()));
        return ServerFixture.start(app, WireProtocol.H2_TLS);
    }

    private static HttpClient flupke() {
        return Http3Client.newBuilder().disableCertificateCheck().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transports")
    void flupkeGetsAndPostsOverHttp3(String transport, Scheduling scheduling) throws Exception {
        try (ServerFixture server = serve(transport, scheduling)) {
            HttpClient client = flupke();
            URI base = URI.create("https://127.0.0.1:" + server.port());
            HttpResponse<String> who = client.send(HttpRequest.newBuilder(base.resolve("/whoami?a=1"))
                    .header("x-test", "yes").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, who.statusCode());
            assertEquals("HTTP/3 quic over " + transport + " TLSv1.3 h3 https /whoami?a=1 yes", who.body());
            HttpResponse<byte[]> echoed = client.send(HttpRequest.newBuilder(base.resolve("/echo"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BIG)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, echoed.statusCode());
            assertArrayEquals(BIG, echoed.body());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transports")
    void ngtcp2ClientFetchesManyStreamsAndABigBody(String transport, Scheduling scheduling, @TempDir Path downloads)
            throws Exception {
        try (ServerFixture server = serve(transport, scheduling)) {
            String base = "https://127.0.0.1:" + server.port();
            List<String> command = new ArrayList<>(List.of("gtlsclient", "--exit-on-all-streams-close", "--no-quic-dump",
                    "--no-http-dump", "--download=" + downloads, "-n", "20", "127.0.0.1", String.valueOf(server.port()),
                    base + "/"));
            Command.Result many = Command.run(null, Duration.ofSeconds(60), command);
            assertEquals(0, many.exitCode(), many.stderr());
            assertEquals("hello over HTTP/3", Files.readString(downloads.resolve("index.html")));
            command.set(command.size() - 1, base + "/big");
            command.set(command.indexOf("20"), "1");
            Command.Result big = Command.run(null, Duration.ofSeconds(60), command);
            assertEquals(0, big.exitCode(), big.stderr());
            assertArrayEquals(BIG, Files.readAllBytes(downloads.resolve("big")));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("transports")
    void http1AndHttp2AdvertiseHttp3WithAltSvc(String transport, Scheduling scheduling) throws Exception {
        try (ServerFixture server = serve(transport, scheduling)) {
            String url = "https://127.0.0.1:" + server.port() + "/";
            String expected = "alt-svc: h3=\":" + server.port() + "\"; ma=86400";
            for (String version : List.of("--http1.1", "--http2")) {
                List<String> args = new ArrayList<>(CERTIFICATES.curlArgs());
                args.addAll(List.of(version, "-i", url));
                String response = Curl.run(args.toArray(String[]::new)).ok().toLowerCase(java.util.Locale.ROOT);
                assertTrue(response.contains(expected), version + ": " + response);
            }
        }
    }
}
