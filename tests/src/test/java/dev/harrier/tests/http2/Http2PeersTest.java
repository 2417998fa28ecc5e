package dev.harrier.tests.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.kernel.HttpProtocols;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.Command;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.ServerFixture;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP/2 with independent peers: curl with prior knowledge and by Upgrade, the JDK client
 * (which upgrades), and h2load and nghttp in cleartext and over TLS. Prior knowledge and
 * {@code Upgrade: h2c} are how HTTP/2 starts without TLS, so those tests run on h2c only
 * ({@link Capability#CLEARTEXT_WIRE}); over TLS, ALPN starts it (AlpnTest, h2load and nghttp here).
 */
class Http2PeersTest {

    private static ServerFixture server(Combination c, Set<String> connections) {
        return c.serve(app -> app
                .get("/", ctx -> {
                    connections.add(ctx.connection().id());
                    ctx.response().send(ctx.request().protocol());
                })
                .post("/echo", ctx -> ctx.response().send(ctx.request().protocol() + " " + ctx.request().readString())));
    }

    private static HttpClient http2Client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @HttpTest(requires = {Capability.HTTP2_WIRE, Capability.CLEARTEXT_WIRE})
    void curlWithPriorKnowledge(Combination c) throws Exception {
        try (ServerFixture server = server(c, ConcurrentHashMap.newKeySet())) {
            String url = server.uri("/").toString();
            assertEquals("HTTP/2 2", Curl.run("--http2-prior-knowledge", "-w", " %{http_version}", url).ok());
            assertEquals("HTTP/2 posted 2", Curl.run("--http2-prior-knowledge", "-w", " %{http_version}",
                    "--data-binary", "posted", server.uri("/echo").toString()).ok());
        }
    }

    @HttpTest(requires = {Capability.HTTP2_WIRE, Capability.CLEARTEXT_WIRE})
    void curlUpgradesFromHttp1(Combination c) throws Exception {
        try (ServerFixture server = server(c, ConcurrentHashMap.newKeySet())) {
            Curl.Result upgraded = Curl.run("-v", "--http2", "-w", " %{http_version}", server.uri("/").toString());
            assertEquals("HTTP/2 2", upgraded.ok(), "the request that asked is answered over HTTP/2");
            assertTrue(upgraded.stderr().contains("HTTP/1.1 101 Switching Protocols"), upgraded.stderr());
        }
    }

    @HttpTest(requires = {Capability.HTTP2_WIRE, Capability.CLEARTEXT_WIRE})
    void jdkClientUpgradesWithItsFirstRequestThenMultiplexes(Combination c) throws Exception {
        Set<String> connections = ConcurrentHashMap.newKeySet();
        try (ServerFixture server = server(c, connections); HttpClient client = http2Client()) {
            // The first request carries a (small) body: it is read whole, then becomes stream 1.
            HttpResponse<String> first = client.send(HttpRequest.newBuilder(server.uri("/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("first")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, first.version());
            assertEquals("HTTP/2 first", first.body());
            List<CompletableFuture<HttpResponse<String>>> concurrent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                concurrent.add(client.sendAsync(HttpRequest.newBuilder(server.uri("/")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : concurrent) {
                assertEquals("HTTP/2", response.get().body());
                assertEquals(HttpClient.Version.HTTP_2, response.get().version());
            }
            assertEquals(1, connections.size(), "every request shared the upgraded connection: " + connections);
        }
    }

    @HttpTest(requires = {Capability.HTTP2_WIRE, Capability.CLEARTEXT_WIRE})
    void requestWithALargeBodyStaysOnHttp1AndALaterOneUpgrades(Combination c) throws Exception {
        try (ServerFixture server = server(c, ConcurrentHashMap.newKeySet()); HttpClient client = http2Client()) {
            String large = "x".repeat(100_000);
            HttpResponse<String> first = client.send(HttpRequest.newBuilder(server.uri("/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString(large)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("HTTP/1.1 " + large, first.body(), "a body over 64 KiB is not held back for the switch");
            assertEquals(HttpClient.Version.HTTP_1_1, first.version());
            HttpResponse<String> next = client.send(HttpRequest.newBuilder(server.uri("/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("HTTP/2", next.body());
            assertEquals(HttpClient.Version.HTTP_2, next.version());
        }
    }

    @HttpTest(requires = {Capability.HTTP2_WIRE, Capability.CLEARTEXT_WIRE})
    void connectionLimitCountsConnectionsNotStreams(Combination c) throws Exception {
        Set<String> connections = ConcurrentHashMap.newKeySet();
        try (ServerFixture server = c.serve(app -> {
                app.limits().maxConcurrentConnections(1);
                app.get("/", ctx -> {
                    connections.add(ctx.connection().id());
                    ctx.response().send(ctx.request().protocol());
                });
            });
             HttpClient client = http2Client()) {
            assertEquals("HTTP/2", client.send(HttpRequest.newBuilder(server.uri("/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            try (RawConnection second = server.connect()) {
                assertEquals(0, second.awaitClosed(Duration.ofSeconds(5)).length, "a second connection is refused");
            }
            List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                streams.add(client.sendAsync(HttpRequest.newBuilder(server.uri("/")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> stream : streams) {
                assertEquals("HTTP/2", stream.get().body(), "the streams of the one connection are all served");
            }
            assertEquals(1, connections.size());
            assertEquals(1, server.app().counters().refusedConnections());
        }
    }

    @HttpTest(requires = Capability.HTTP2)
    void h2loadCompletesEveryRequest(Combination c) throws Exception {
        try (ServerFixture server = server(c, ConcurrentHashMap.newKeySet())) {
            String report = Command.run(null, Duration.ofSeconds(120), List.of("h2load", "-n", "2000", "-c", "4",
                    "-m", "10", server.uri("/").toString())).ok();
            assertTrue(report.contains("requests: 2000 total, 2000 started, 2000 done, 2000 succeeded, 0 failed, 0 errored"),
                    report);
            assertTrue(report.contains("status codes: 2000 2xx"), report);
        }
    }

    @HttpTest(requires = Capability.HTTP2)
    void nghttpSeesTheConfiguredLimitsInTheServersSettings(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> {
                app.limits().maxRequestHeadersTotalSize(16 * 1024);
                app.limits().http2().maxStreamsPerConnection(50).headerTableSize(8192).maxFrameSize(32 * 1024)
                        .initialStreamWindowSize(1024 * 1024).initialConnectionWindowSize(4 * 1024 * 1024);
                app.get("/", ctx -> ctx.response().send("ok"));
            })) {
            String frames = Command.run(null, Duration.ofSeconds(30), List.of("nghttp", "-nv",
                    server.uri("/").toString())).ok();
            for (String setting : List.of("SETTINGS_MAX_CONCURRENT_STREAMS(0x03):50",
                    "SETTINGS_HEADER_TABLE_SIZE(0x01):8192", "SETTINGS_MAX_FRAME_SIZE(0x05):32768",
                    "SETTINGS_MAX_HEADER_LIST_SIZE(0x06):16384", "SETTINGS_INITIAL_WINDOW_SIZE(0x04):1048576")) {
                assertTrue(frames.contains("[" + setting + "]"), setting + " in " + frames);
            }
            // The connection window: 65,535 to begin with, opened by the difference.
            assertTrue(frames.matches("(?s).*recv WINDOW_UPDATE frame <length=4, flags=0x00, stream_id=0>\\s*"
                    + "\\(window_size_increment=" + (4 * 1024 * 1024 - 65_535) + "\\).*"), frames);
            assertTrue(frames.contains("recv DATA frame"), frames);
        }
    }

    @HttpTest(requires = {Capability.HTTP2_WIRE, Capability.CLEARTEXT_WIRE})
    void endpointProtocolsDecideWhatIsServed(Combination c) throws Exception {
        try (ServerFixture http1Only = c.serve(app -> {
                app.options().protocols(HttpProtocols.parse("Http1"));
                app.get("/", ctx -> ctx.response().send(ctx.request().protocol()));
            })) {
            assertEquals("HTTP/1.1 1.1", Curl.run("--http2", "-w", " %{http_version}",
                    http1Only.uri("/").toString()).ok(), "no upgrade where HTTP/2 is not served");
            assertNotEquals(0, Curl.run("--http2-prior-knowledge", http1Only.uri("/").toString()).exitCode());
        }
        try (ServerFixture http2Only = c.serve(app -> {
                app.options().protocols(HttpProtocols.parse("Http2"));
                app.get("/", ctx -> ctx.response().send(ctx.request().protocol()));
            })) {
            assertEquals("HTTP/2 2", Curl.run("--http2-prior-knowledge", "-w", " %{http_version}",
                    http2Only.uri("/").toString()).ok());
            assertNotEquals(0, Curl.run("--http1.1", http2Only.uri("/").toString()).exitCode(),
                    "HTTP/1.1 is not served where only HTTP/2 is");
        }
    }
}
