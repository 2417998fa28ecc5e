package dev.harrier.tests.http3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.app.WebApp;
import dev.harrier.kernel.HttpProtocols;
import dev.harrier.kernel.Scheduling;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.H3Wire;
import dev.harrier.tests.support.ServerFixture;
import dev.harrier.tests.support.WireProtocol;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tech.kwik.flupke.Http3Client;

/**
 * HTTP/3 request streams through {@code HttpContext}: trailers both ways, resets both ways,
 * limits, many concurrent streams, flow control tied to the application's reads, and a graceful
 * stop, with Netty's HTTP/3 client where a frame-level view is needed and Flupke for load.
 */
class Http3StreamsTest {

    private static final int H3_NO_ERROR = 0x100;

    static Stream<Arguments> servers() {
        return Stream.of(Arguments.of("nio", Scheduling.VIRTUAL_THREADS), Arguments.of("epoll", Scheduling.INLINE));
    }

    /** For handlers that block: on request threads only. */
    static Stream<Arguments> blockingServers() {
        return Stream.of(Arguments.of("nio", Scheduling.VIRTUAL_THREADS), Arguments.of("epoll", Scheduling.VIRTUAL_THREADS));
    }

    private static ServerFixture serve(String transport, Scheduling scheduling, java.util.function.Consumer<WebApp> routes) {
        WebApp app = new Combination(transport, scheduling, WireProtocol.H2_TLS).newApp();
        app.options().protocols(HttpProtocols.parse("Http1AndHttp2AndHttp3"));
        routes.accept(app);
        return ServerFixture.start(app, WireProtocol.H2_TLS);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    void trailersGoBothWays(String transport, Scheduling scheduling) throws Exception {
        try (ServerFixture server = serve(transport, scheduling, app -> app.post("/sum", ctx -> {
            byte[] body = ctx.request().readAllBytes();
            ctx.response().trailers().set("x-length", String.valueOf(body.length));
            ctx.response().trailers().set("x-client-said", String.valueOf(ctx.request().trailers().get("x-checksum")));
            ctx.response().send(body);
        })); H3Wire wire = H3Wire.connect(server.port())) {
            H3Wire.Exchange exchange = new H3Wire.Exchange();
            QuicStreamChannel stream = wire.request(exchange);
            stream.write(new DefaultHttp3HeadersFrame(wire.head("POST", "/sum")));
            stream.write(new DefaultHttp3DataFrame(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII)));
            stream.writeAndFlush(new DefaultHttp3HeadersFrame(new DefaultHttp3Headers().add("x-checksum", "42")))
                    .addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            assertTrue(exchange.ended().get(10, TimeUnit.SECONDS), "ended with FIN");
            List<Http3Headers> heads = exchange.headers();
            assertEquals(2, heads.size(), exchange.frames().toString());
            assertEquals("200", heads.get(0).status().toString());
            assertEquals("hello", new String(exchange.body(), StandardCharsets.US_ASCII));
            assertEquals("5", heads.get(1).get("x-length").toString());
            assertEquals("42", heads.get(1).get("x-client-said").toString());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("blockingServers")
    void aClientResetAbortsTheRequest(String transport, Scheduling scheduling) throws Exception {
        CountDownLatch readStarted = new CountDownLatch(1);
        CompletableFuture<Boolean> abortSignalled = new CompletableFuture<>();
        CompletableFuture<Boolean> readFailed = new CompletableFuture<>();
        try (ServerFixture server = serve(transport, scheduling, app -> app.post("/slow", ctx -> {
            ctx.aborted().onAbort(() -> abortSignalled.complete(true));
            readStarted.countDown();
            try {
                ctx.request().readAllBytes();
            } catch (java.io.IOException expected) {
                readFailed.complete(true);
            }
        })); H3Wire wire = H3Wire.connect(server.port())) {
            QuicStreamChannel stream = wire.request(new H3Wire.Exchange());
            stream.writeAndFlush(new DefaultHttp3HeadersFrame(wire.head("POST", "/slow")));
            stream.writeAndFlush(new DefaultHttp3DataFrame(Unpooled.copiedBuffer(new byte[1000])));
            assertTrue(readStarted.await(10, TimeUnit.SECONDS));
            stream.shutdown(0x10c).sync();
            assertTrue(abortSignalled.get(10, TimeUnit.SECONDS), "the abort signal fired");
            assertTrue(readFailed.get(10, TimeUnit.SECONDS), "the body read failed");
            assertTrue(wire.connection().isActive(), "the connection carries on");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("blockingServers")
    void stopSendingFailsTheApplicationsWrites(String transport, Scheduling scheduling) throws Exception {
        CompletableFuture<Boolean> writeFailed = new CompletableFuture<>();
        try (ServerFixture server = serve(transport, scheduling, app -> app.get("/stream", ctx -> {
            byte[] piece = new byte[64 * 1024];
            try {
                for (int i = 0; i < 2000; i++) {
                    ctx.response().write(piece);
                    ctx.response().flush();
                }
                writeFailed.complete(false);
            } catch (java.io.IOException expected) {
                writeFailed.complete(true);
            }
        })); H3Wire wire = H3Wire.connect(server.port())) {
            H3Wire.Exchange exchange = new H3Wire.Exchange();
            QuicStreamChannel stream = wire.request(exchange);
            stream.writeAndFlush(new DefaultHttp3HeadersFrame(wire.head("GET", "/stream")))
                    .addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (exchange.body().length == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            stream.shutdownInput(0x10c).sync();
            assertTrue(writeFailed.get(20, TimeUnit.SECONDS), "the application's write failed after STOP_SENDING");
            assertTrue(wire.connection().isActive(), "the connection carries on");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    void anApplicationAbortResetsTheStreamAndTheConnectionCarriesOn(String transport, Scheduling scheduling)
            throws Exception {
        try (ServerFixture server = serve(transport, scheduling, app -> {
            app.get("/abort", ctx -> ctx.abort());
            app.get("/", ctx -> ctx.response().send("fine"));
        }); H3Wire wire = H3Wire.connect(server.port())) {
            H3Wire.Exchange aborted = new H3Wire.Exchange();
            wire.request(aborted).writeAndFlush(new DefaultHttp3HeadersFrame(wire.head("GET", "/abort")))
                    .addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            assertFalse(aborted.ended().get(10, TimeUnit.SECONDS), "reset, not ended: " + aborted.frames());
            H3Wire.Exchange next = new H3Wire.Exchange();
            wire.request(next).writeAndFlush(new DefaultHttp3HeadersFrame(wire.head("GET", "/")))
                    .addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            assertTrue(next.ended().get(10, TimeUnit.SECONDS));
            assertEquals("fine", new String(next.body(), StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    void limitsAnswerWith431And413(String transport, Scheduling scheduling) throws Exception {
        try (ServerFixture server = serve(transport, scheduling, app -> {
            app.limits().maxRequestBodySize(1000);
            app.post("/upload", ctx -> ctx.response().send(String.valueOf(ctx.request().readAllBytes().length)));
        }); H3Wire wire = H3Wire.connect(server.port())) {
            H3Wire.Exchange big = new H3Wire.Exchange();
            wire.request(big).writeAndFlush(new DefaultHttp3HeadersFrame(wire.head("POST", "/upload")
                    .add("x-big", "a".repeat(17 * 1024)))).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            big.ended().get(10, TimeUnit.SECONDS);
            assertEquals("431", big.headers().get(0).status().toString());

            H3Wire.Exchange large = new H3Wire.Exchange();
            wire.request(large).writeAndFlush(new DefaultHttp3HeadersFrame(wire.head("POST", "/upload")
                    .add("content-length", "5000")));
            large.ended().get(10, TimeUnit.SECONDS);
            assertEquals("413", large.headers().get(0).status().toString());

            H3Wire.Exchange many = new H3Wire.Exchange();
            Http3Headers head = wire.head("GET", "/upload");
            for (int i = 0; i < 40; i++) {
                head.add("x-field-" + i, "v".repeat(1000)); // 40 KB of fields, over maxRequestHeadersTotalSize
            }
            wire.request(many).writeAndFlush(new DefaultHttp3HeadersFrame(head)).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            many.ended().get(10, TimeUnit.SECONDS);
            assertEquals("431", many.headers().get(0).status().toString());
            assertTrue(wire.connection().isActive(), "a 431, not a connection error");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    void maxConcurrentConnectionsCountsQuicConnections(String transport, Scheduling scheduling) throws Exception {
        try (ServerFixture server = serve(transport, scheduling, app -> {
            app.limits().maxConcurrentConnections(1);
            app.get("/", ctx -> ctx.response().send("in"));
        })) {
            try (H3Wire first = H3Wire.connect(server.port())) {
                assertEquals("in", get(first));
                try (H3Wire second = H3Wire.connect(server.port())) {
                    assertTrue(second.connection().closeFuture().await(10, TimeUnit.SECONDS),
                            "the connection past the limit is closed");
                }
                assertEquals(1, server.app().counters().refusedConnections());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try (H3Wire third = H3Wire.connect(server.port())) {
                    if (third.connection().isActive() && "in".equals(get(third))) {
                        break;
                    }
                } catch (Exception | AssertionError stillCounted) {
                    assertTrue(System.nanoTime() < deadline, "a closed connection leaves the count: " + stillCounted);
                }
                Thread.sleep(50);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    void aStreamWhoseHeadDoesNotArriveInTimeIsRefused(String transport, Scheduling scheduling) throws Exception {
        try (ServerFixture server = serve(transport, scheduling, app -> {
            app.limits().requestHeadersTimeout(Duration.ofSeconds(1));
            app.get("/", ctx -> ctx.response().send("in"));
        }); H3Wire wire = H3Wire.connect(server.port())) {
            byte[] partial = java.util.Arrays.copyOf(new byte[] {0x01, 0x40, 100}, 13); // HEADERS of 100 bytes, 10 sent
            long start = System.nanoTime();
            H3Wire.Reply reply = wire.raw(io.netty.handler.codec.quic.QuicStreamType.BIDIRECTIONAL, partial, false)
                    .get(10, TimeUnit.SECONDS);
            assertTrue(reply.reset(), "the stream is reset");
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(900), "after the timeout");
            assertEquals("in", get(wire), "the connection carries on");
        }
    }

    private static String get(H3Wire wire) throws Exception {
        H3Wire.Exchange exchange = new H3Wire.Exchange();
        wire.request(exchange).writeAndFlush(new DefaultHttp3HeadersFrame(wire.head("GET", "/")))
                .addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        assertTrue(exchange.ended().get(10, TimeUnit.SECONDS));
        return new String(exchange.body(), StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("servers")
    void moreConcurrentRequestsThanStreamsAllowedAllComplete(String transport, Scheduling scheduling) throws Exception {
        try (ServerFixture server = serve(transport, scheduling, app -> app.get("/n", ctx -> ctx.response().send(
                ctx.request().queryString())))) {
            HttpClient client = Http3Client.newBuilder().disableCertificateCheck().connectTimeout(Duration.ofSeconds(10))
                    .build();
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                all.add(client.sendAsync(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port()
                        + "/n?" + i)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < all.size(); i++) {
                HttpResponse<String> response = all.get(i).get(30, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode());
                assertEquals(String.valueOf(i), response.body());
            }
        }
    }

    /**
     * A handler that does not read holds the client back: QUIC's stream window (768 KiB) and what
     * the server reads ahead for the application (as much again) are all the client can send, until
     * the handler reads; then the whole body arrives.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("blockingServers")
    void aHandlerThatDoesNotReadHoldsTheClientBack(String transport, Scheduling scheduling) throws Exception {
        CountDownLatch mayRead = new CountDownLatch(1);
        byte[] body = new byte[8 * 1024 * 1024];
        new java.util.Random(5).nextBytes(body);
        try (ServerFixture server = serve(transport, scheduling, app -> app.post("/later", ctx -> {
            try {
                mayRead.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ctx.response().send(ctx.request().readAllBytes());
        })); H3Wire wire = H3Wire.connect(server.port())) {
            H3Wire.Exchange exchange = new H3Wire.Exchange();
            QuicStreamChannel stream = wire.request(exchange);
            stream.writeAndFlush(new DefaultHttp3HeadersFrame(wire.head("POST", "/later")
                    .add("content-length", String.valueOf(body.length))));
            AtomicLong taken = new AtomicLong();
            int piece = 64 * 1024;
            io.netty.channel.ChannelFuture last = null;
            for (int offset = 0; offset < body.length; offset += piece) {
                int length = piece;
                last = stream.writeAndFlush(new DefaultHttp3DataFrame(Unpooled.wrappedBuffer(body, offset, length)));
                last.addListener(done -> taken.addAndGet(done.isSuccess() ? length : 0));
            }
            Thread.sleep(1500);
            assertTrue(taken.get() < 3 * 1024 * 1024, "the client sent " + taken.get() + " bytes to a handler not reading");
            mayRead.countDown();
            last.addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            assertTrue(exchange.ended().get(30, TimeUnit.SECONDS));
            assertArrayEquals(body, exchange.body());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("blockingServers")
    void aGracefulStopLetsTheStreamInFlightFinishThenClosesWithNoError(String transport, Scheduling scheduling)
            throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        ServerFixture server = serve(transport, scheduling, app -> app.get("/slow", ctx -> {
            ctx.response().write("first ");
            ctx.response().flush();
            started.countDown();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ctx.response().write("and last");
        }));
        try (H3Wire wire = H3Wire.connect(server.port())) {
            H3Wire.Exchange exchange = new H3Wire.Exchange();
            wire.request(exchange).writeAndFlush(new DefaultHttp3HeadersFrame(wire.head("GET", "/slow")))
                    .addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            assertTrue(started.await(10, TimeUnit.SECONDS));
            server.close();
            assertTrue(exchange.ended().get(10, TimeUnit.SECONDS));
            assertEquals("first and last", new String(exchange.body(), StandardCharsets.US_ASCII));
            QuicConnectionCloseEvent close = wire.closed().get(10, TimeUnit.SECONDS);
            assertTrue(close != null && close.isApplicationClose() && close.error() == H3_NO_ERROR, String.valueOf(close));
        }
    }
}
