package dev.harrier.tests.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.http.Attack;
import dev.harrier.http.DataRate;
import dev.harrier.http.RequestAbortedException;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.Command;
import dev.harrier.tests.support.H2Peer;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.ServerFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/2 at the frame level, against python3-h2 (an independent implementation), on h2c and on
 * h2 over TLS: malformed requests, limits, flow control both ways, resets both ways, trailers,
 * GOAWAY, keep-alive.
 */
class Http2FramesTest {

    private static final int MIB = 1024 * 1024;

    /** Netty's decoder refuses these as malformed: RST_STREAM(PROTOCOL_ERROR). */
    private static final Set<String> STREAM_ERRORS = Set.of("missing-path", "missing-method", "missing-scheme",
            "pseudo-after-regular", "unknown-pseudo", "duplicate-path", "response-pseudo", "uppercase-name",
            "nul-in-value", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te-gzip");
    /** The server's own rules refuse these with 400, then reset the stream if the client still sends. */
    private static final Set<String> BAD_REQUESTS = Set.of("host-differs", "path-not-origin-form", "space-in-path",
            "scheme-not-the-connections");

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void malformedRequestsAreStreamErrorsAndTheConnectionLives(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.get("/", ctx -> ctx.response().send("ok")));
             H2Peer peer = H2Peer.start(server, "malformed")) {
            List<Map<String, String>> cases = peer.all("case");
            assertEquals(22, cases.size(), cases.toString());
            for (Map<String, String> k : cases) {
                String name = k.get("name");
                String expected = STREAM_ERRORS.contains(name) ? "rst=1" : BAD_REQUESTS.contains(name) ? "status=400"
                        : "status=200";
                String outcome = k.containsKey("rst") ? "rst=" + k.get("rst") : "status=" + k.get("status");
                assertEquals(expected, outcome, name);
            }
            assertEquals(0, server.app().counters().unexpectedErrors());
        }
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void headersTooManyOrTooLargeAre431(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> {
                app.limits().http2().maxRequestHeaderFieldSize(8 * 1024);
                app.get("/", ctx -> ctx.response().send("ok"));
            });
             H2Peer peer = H2Peer.start(server, "header-limits", "8192")) {
            assertEquals("200", peer.expect("case").get("status"), "100 fields are allowed");
            assertEquals("431", peer.expect("case").get("status"), "more than maxRequestHeaderCount");
            assertEquals("431", peer.expect("case").get("status"), "a field larger than maxRequestHeaderFieldSize");
            assertEquals("431", peer.expect("case").get("status"), "more than maxRequestHeadersTotalSize");
            peer.all("case");
        }
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void flowControlHoldsTheClientUntilTheApplicationReads(Combination c) throws Exception {
        CountDownLatch mayRead = new CountDownLatch(1);
        try (ServerFixture server = c.serve(app -> app.post("/hold", ctx -> {
                if (c.handlersMayBlock()) {
                    mayRead.await(30, TimeUnit.SECONDS);
                }
                ctx.response().send("got " + ctx.request().readAllBytes().length);
            }));
             H2Peer peer = H2Peer.start(server, "flow", "/hold", Integer.toString(2 * MIB))) {
            Map<String, String> held = peer.expect("held");
            if (c.handlersMayBlock()) {
                // The stream window (768 KiB by default) and not a byte more, while nobody reads.
                assertEquals(Integer.toString(768 * 1024), held.get("sent"), held.toString());
                assertEquals("0", held.get("updates"), "no WINDOW_UPDATE before the application reads");
            } else {
                // Inline scheduling reads the body ahead of the handler (bounded by
                // maxRequestBodySize), so the window reopens as the body arrives.
                assertTrue(Integer.parseInt(held.get("updates")) > 0, held.toString());
            }
            mayRead.countDown();
            peer.go();
            Map<String, String> response = peer.expect("response");
            assertEquals("200", response.get("status"));
            assertEquals("got_" + 2 * MIB, response.get("body"));
        }
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void responseWritesWaitForTheClientsWindow(Combination c) throws Exception {
        AtomicLong written = new AtomicLong();
        int total = 8 * MIB;
        try (ServerFixture server = c.serve(app -> app.get("/stream", ctx -> {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < total / chunk.length; i++) {
                    ctx.response().write(chunk);
                    written.addAndGet(chunk.length);
                }
            }));
             H2Peer peer = H2Peer.start(server, "back-pressure", "/stream")) {
            Map<String, String> stalled = peer.expect("stalled");
            assertTrue(Long.parseLong(stalled.get("received")) <= 65_535, "the client's window: " + stalled);
            if (c.handlersMayBlock()) {
                // The writer waits: the client's window, the stream's buffer and one piece at most.
                assertTrue(written.get() < MIB, "written while the client did not read: " + written.get());
            }
            peer.go();
            Map<String, String> complete = peer.expect("complete", Duration.ofSeconds(60));
            assertEquals("200", complete.get("status"));
            assertEquals(Integer.toString(total), complete.get("received"));
        }
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void bodyStreamsBothWaysAtOnce(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.post("/echo", ctx -> {
                ctx.request().body().transferTo(ctx.response().body());
            }));
             H2Peer peer = H2Peer.start(server, "echo", "/echo", Integer.toString(3 * MIB))) {
            Map<String, String> echo = peer.expect("echo", Duration.ofSeconds(60));
            assertEquals(Integer.toString(3 * MIB), echo.get("received"));
            assertEquals("True", echo.get("intact"));
        }
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void requestAndResponseTrailers(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.post("/trailers", ctx -> {
                String body = ctx.request().readString();
                ctx.response().trailers().set("x-checksum", "42");
                ctx.response().write(body + "|" + ctx.request().trailers().get("checksum"));
            }));
             H2Peer peer = H2Peer.start(server, "trailers", "/trailers")) {
            assertEquals("hello_world|abc123", peer.expect("response").get("body"));
            assertEquals("42", peer.expect("trailers").get("x-checksum"));
        }
    }

    /**
     * A response without content (204, 205, 304, any response to HEAD) sent whole is one HEADERS
     * frame with END_STREAM: no DATA, whatever body the handler gave, and no trailers; one that
     * streamed ends with an empty DATA frame. 205 says {@code content-length: 0}, 304 keeps the
     * handler's length, 204 has none; HEAD has the length of its GET.
     */
    @HttpTest(requires = Capability.HTTP2_WIRE)
    void responsesWithoutContentSendNoData(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app
                .get("/doc", ctx -> ctx.response().send("twelve bytes"))
                .get("/no-content", ctx -> {
                    ctx.response().status(204).headers().set("content-length", "7");
                    ctx.response().send("ignored");
                })
                .get("/reset", ctx -> ctx.response().status(205).send("ignored"))
                .get("/not-modified", ctx -> {
                    ctx.response().status(304).headers().set("content-length", "12");
                    ctx.response().send("twelve bytes");
                })
                .get("/no-content-streamed", ctx -> {
                    ctx.response().status(204).trailers().set("x-checksum", "42");
                    ctx.response().write("ignored");
                    ctx.response().flush();
                    ctx.response().write("as well");
                }));
             H2Peer peer = H2Peer.start(server, "frames", "GET:/doc", "HEAD:/doc", "GET:/no-content", "GET:/reset",
                     "GET:/not-modified", "GET:/no-content-streamed")) {
            List<String> expected = List.of(
                    "GET:/doc 200 12 HEADERS,DATA:12:end",
                    "HEAD:/doc 200 12 HEADERS:end",
                    "GET:/no-content 204 none HEADERS:end",
                    "GET:/reset 205 0 HEADERS:end",
                    "GET:/not-modified 304 12 HEADERS:end",
                    "GET:/no-content-streamed 204 none HEADERS,DATA:0:end");
            List<String> seen = peer.all("response").stream().map(r -> r.get("request") + " " + r.get("status") + " "
                    + r.get("content-length") + " " + r.get("frames")).toList();
            assertEquals(expected, seen);
        }
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void resetFromTheClientFiresTheAbortSignal(Combination c) throws Exception {
        CountDownLatch aborted = new CountDownLatch(1);
        CompletableFuture<Throwable> readFailure = new CompletableFuture<>();
        try (ServerFixture server = c.serve(app -> app
                .get("/", ctx -> ctx.response().send("ok"))
                .post("/read", ctx -> {
                    ctx.aborted().onAbort(aborted::countDown);
                    try {
                        ctx.request().readAllBytes();
                        readFailure.complete(null);
                    } catch (IOException e) {
                        readFailure.complete(e);
                        throw e;
                    }
                }));
             H2Peer peer = H2Peer.start(server, "client-reset", "/read")) {
            peer.expect("reset");
            assertEquals("200", peer.expect("after").get("status"), "the connection carries on");
            if (c.handlersMayBlock()) {
                assertTrue(aborted.await(10, TimeUnit.SECONDS), "onAbort ran");
                assertTrue(readFailure.get(10, TimeUnit.SECONDS) instanceof RequestAbortedException);
            } else {
                // Inline scheduling runs the handler once the body is complete: it never will be.
                assertFalse(readFailure.isDone());
            }
        }
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void applicationAbortResetsItsStreamOnly(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app
                .get("/", ctx -> ctx.response().send("ok"))
                .get("/reset", ctx -> ctx.abort()));
             H2Peer peer = H2Peer.start(server, "abort", "/reset")) {
            assertEquals("2", peer.expect("aborted").get("reset"), "RST_STREAM(INTERNAL_ERROR)");
            assertEquals("200", peer.expect("after").get("status"), "the connection carries on");
        }
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void unreadBodyIsStoppedAfterTheResponse(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app
                .get("/", ctx -> ctx.response().send("ok"))
                .post("/ignore", ctx -> ctx.response().send("ignored")));
             H2Peer peer = H2Peer.start(server, "unread", "/ignore", "100000")) {
            Map<String, String> response = peer.expect("response");
            if (c.handlersMayBlock()) {
                assertEquals("ignored", response.get("body"));
                assertEquals("0", peer.expect("reset").get("error"), "RST_STREAM(NO_ERROR) after the response");
            } else {
                // Inline scheduling waits for the whole body, which stalls: the minimum data
                // rate cuts it off (408), then the stream is reset.
                assertEquals("408", response.get("status"), response.toString());
            }
            assertEquals("200", peer.expect("after").get("status"), "the connection carries on");
        }
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void declaredBodyOverTheLimitIs413AndTheRestIsRefused(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> {
                app.limits().maxRequestBodySize(100);
                app.get("/", ctx -> ctx.response().send("ok"));
                app.post("/upload", ctx -> ctx.response().send("got " + ctx.request().readAllBytes().length));
            });
             H2Peer peer = H2Peer.start(server, "unread", "/upload", "100000")) {
            assertEquals("413", peer.expect("response").get("status"));
            assertEquals("0", peer.expect("reset").get("error"), "RST_STREAM(NO_ERROR): the client stops sending");
            assertEquals("200", peer.expect("after").get("status"), "the connection carries on");
            // nghttp (nghttp2's client) takes the 413, and the RST_STREAM(NO_ERROR) when one follows,
            // as RFC 9113 section 8.1 says. (curl 7.88 does not: when the reset arrives before its
            // upload is done, it fails the transfer without showing the response it received.)
            String frames = Command.run("x".repeat(500).getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(30),
                    List.of("nghttp", "-v", "-d", "-", server.uri("/upload").toString())).ok();
            assertTrue(frames.matches("(?s).*recv \\(stream_id=\\d+\\) :status: 413\n.*"), frames);
        }
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void slowBodyIs408AndItsStreamReset(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> {
                app.limits().minRequestBodyDataRate(new DataRate(1000, Duration.ofSeconds(1)));
                app.post("/upload", ctx -> ctx.response().send("got " + ctx.request().readAllBytes().length));
            });
             H2Peer peer = H2Peer.start(server, "slow-body", "/upload")) {
            Map<String, String> response = peer.expect("response");
            assertEquals("408", response.get("status"));
            double after = Double.parseDouble(response.get("after"));
            assertTrue(after > 0.8 && after < 8, "cut after the grace period: " + after);
            assertEquals("0", peer.expect("reset").get("error"));
            assertEquals(1, server.app().counters().slowRequestBodies());
        }
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void clientThatDoesNotReadIsCutOff(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> {
                app.limits().minResponseDataRate(new DataRate(10_000_000, Duration.ofSeconds(1)))
                        .maxResponseBufferSize(16 * 1024);
                app.get("/", ctx -> ctx.response().send("ok"));
                app.get("/big", ctx -> {
                    byte[] chunk = new byte[64 * 1024];
                    for (int i = 0; i < (c.handlersMayBlock() ? 512 : 16); i++) {
                        ctx.response().write(chunk);
                    }
                });
            });
             H2Peer peer = H2Peer.start(server, "slow-reader", "/big", "30")) {
            Map<String, String> cut = peer.expect("cut");
            assertTrue(Long.parseLong(cut.get("received")) <= 65_535, "never more than the client's window: " + cut);
            if (c.handlersMayBlock()) {
                assertEquals("2", cut.get("reset"), "RST_STREAM(INTERNAL_ERROR): " + cut);
                assertEquals(1, server.app().counters().slowResponses());
                assertEquals("200", peer.expect("after").get("status"), "the connection carries on");
            } else {
                // Inline handlers never wait to write: the whole response waits on the client's
                // window, the connection's only waiting response, so the connection ends.
                assertEquals("goaway", cut.get("reset"), cut.toString());
                assertEquals(1, server.app().counters().attacksStopped(Attack.ZERO_WINDOW));
            }
        }
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void gracefulStopServesTheStreamInFlightAndRefusesNewOnes(Combination c) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ServerFixture server = c.serve(app -> app
                .get("/", ctx -> ctx.response().send("ok"))
                .get("/held", ctx -> {
                    entered.countDown();
                    if (c.handlersMayBlock()) {
                        release.await(20, TimeUnit.SECONDS);
                    }
                    ctx.response().send("held");
                }));
        try (H2Peer peer = H2Peer.start(server, "shutdown", "/held")) {
            peer.expect("sent");
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            long start = System.nanoTime();
            Thread stop = Thread.ofVirtual().start(() -> server.app().stop(Duration.ofSeconds(10)));
            Map<String, String> first = peer.expect("goaway");
            assertEquals("0", first.get("error"));
            assertEquals(Integer.toString(Integer.MAX_VALUE), first.get("last"), "first: whatever is on its way");
            Map<String, String> second = peer.expect("goaway");
            assertEquals("1", second.get("last"), "then: the last stream the server took");
            peer.expect("late");
            release.countDown();
            Map<String, String> response = peer.expect("response");
            assertEquals("200", response.get("status"), "the stream in flight completes");
            assertEquals("False", response.get("late-answered"), "a stream after the GOAWAY is not served");
            peer.expect("closed");
            assertTrue(stop.join(Duration.ofSeconds(15)), "stop returned");
            assertTrue(System.nanoTime() - start < 9_000_000_000L, "stopped before its deadline");
            assertEquals(0, server.app().counters().abortedAtShutdown());
        } finally {
            release.countDown();
            server.close();
        }
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void connectionWithoutStreamsClosesAfterTheKeepAliveTimeout(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> {
                app.limits().keepAliveTimeout(Duration.ofMillis(500));
                app.get("/", ctx -> ctx.response().send("ok"));
            });
             H2Peer peer = H2Peer.start(server, "idle")) {
            assertEquals("200", peer.expect("response").get("status"));
            Map<String, String> goaway = peer.expect("goaway");
            assertEquals("0", goaway.get("error"), "GOAWAY(NO_ERROR)");
            double after = Double.parseDouble(goaway.get("after"));
            assertTrue(after >= 0.3 && after < 5, "GOAWAY after the 500 ms keep-alive timeout: " + goaway);
            peer.expect("closed");
        }
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void keepAlivePingClosesAClientThatStopsAnswering(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> {
                app.limits().http2().keepAlivePingDelay(Duration.ofSeconds(1)).keepAlivePingTimeout(Duration.ofSeconds(1));
                app.get("/", ctx -> ctx.response().send("ok"));
            });
             H2Peer answering = H2Peer.start(server, "keepalive-ping", "answer", "3.5");
             H2Peer silent = H2Peer.start(server, "keepalive-ping", "silent", "10")) {
            Map<String, String> alive = answering.expect("pings");
            assertEquals("False", alive.get("closed"), "a client that answers stays: " + alive);
            assertTrue(Integer.parseInt(alive.get("count")) >= 2, alive.toString());
            Map<String, String> gone = silent.expect("pings");
            assertEquals("True", gone.get("closed"), gone.toString());
            double after = Double.parseDouble(gone.get("after"));
            assertTrue(after > 1.5 && after < 6, "closed about delay + timeout after it fell silent: " + after);
        }
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void streamsBeyondMaxStreamsPerConnectionAreRefused(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> {
                app.limits().http2().maxStreamsPerConnection(2);
                app.post("/held", ctx -> ctx.response().send("got " + ctx.request().readAllBytes().length));
            });
             // Each stream is held open by its request body until the peer is told to go.
             H2Peer peer = H2Peer.start(server, "max-streams", "/held", "3")) {
            assertEquals("2", peer.expect("limit").get("max"), "SETTINGS_MAX_CONCURRENT_STREAMS");
            Map<String, String> extra = peer.expect("extra");
            assertEquals("7", extra.get("reset"), "the third stream: RST_STREAM(REFUSED_STREAM)");
            peer.go();
            List<Map<String, String>> streams = peer.all("stream");
            assertEquals(2, streams.size(), streams.toString());
            for (Map<String, String> stream : streams) {
                assertEquals("200", stream.get("status"), streams.toString());
                assertEquals("got_0", stream.get("body"), streams.toString());
            }
        }
    }
}
