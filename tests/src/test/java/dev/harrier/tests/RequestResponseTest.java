package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.http.HttpContext;
import dev.harrier.kernel.Scheduling;
import dev.harrier.kernel.VirtualThreadCarriers;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.RawResponse;
import dev.harrier.tests.support.ServerFixture;
import io.netty.util.AsciiString;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Requests and responses: methods, bodies both ways, framing and standard headers. */
class RequestResponseTest {

    /** Copies the request body to the response as it arrives. */
    static void echo(HttpContext ctx) throws Exception {
        String type = ctx.request().headers().get("content-type");
        if (type != null) {
            ctx.response().contentType(type);
        }
        InputStream in = ctx.request().body();
        OutputStream out = ctx.response().body();
        in.transferTo(out);
        out.close();
    }

    @HttpTest
    void getIsServedByTheCombination(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.get("/", ctx -> ctx.response().send(
                ctx.connection().transport() + " " + Thread.currentThread().isVirtual() + " "
                        + ctx.request().protocol() + " " + ctx.request().method() + " " + carrier())))) {
            HttpResponse<String> response = server.get("/");
            assertEquals(200, response.statusCode());
            assertEquals("text/plain; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
            boolean virtual = c.scheduling() == Scheduling.VIRTUAL_THREADS;
            // Auto means the event loops where the JVM allows them: Java 24+ and java.lang open (this POM's argLine).
            boolean loopCarried = c.carriers() != VirtualThreadCarriers.JDK && Runtime.version().feature() >= 24;
            String carrier = !virtual ? "none" : loopCarried ? "event-loop" : "jdk";
            assertEquals(c.transport() + " " + virtual + " " + c.protocol().version() + " GET " + carrier, response.body());
            assertEquals(c.protocol().client().version(), response.version(), "the client spoke the combination's protocol");
        }
    }

    /**
     * What carries the running virtual thread: its {@code toString()} ends with its carrier's name
     * ({@code VirtualThread[#42,harrier-request]/runnable@ForkJoinPool-1-worker-1}): the JDK's
     * carriers are the workers of its fork-join pool, the event loops are named after their transport.
     */
    private static String carrier() {
        String thread = Thread.currentThread().toString();
        if (!Thread.currentThread().isVirtual()) {
            return "none";
        }
        String carrier = thread.substring(thread.lastIndexOf('@') + 1);
        return carrier.startsWith("ForkJoinPool-") ? "jdk" : carrier.startsWith("harrier-") ? "event-loop" : carrier;
    }

    /**
     * A response header field with a name that is no token, or a value with CR/LF (response
     * splitting), fails the handler: 500, and nothing of it on the wire. The check holds every
     * time, for strings and for {@link AsciiString} constants alike (which the server remembers
     * once they passed), and a valid constant passes every time.
     */
    @HttpTest
    void invalidResponseHeaderFieldsAreRefused(Combination c) throws Exception {
        AsciiString splitting = AsciiString.of("a\r\nInjected: 1");
        AsciiString goodName = AsciiString.cached("x-good");
        AsciiString goodValue = AsciiString.cached("fine; really");
        try (ServerFixture server = c.serve(app -> {
            app.get("/bad-name", ctx -> {
                ctx.response().headers().set("Bad Name", "x");
                ctx.response().send("sent");
            });
            app.get("/bad-value", ctx -> {
                ctx.response().headers().set("x-test", splitting);
                ctx.response().send("sent");
            });
            app.get("/bad-string-value", ctx -> {
                ctx.response().headers().add("x-test", "a\nb");
                ctx.response().send("sent");
            });
            app.get("/good", ctx -> {
                ctx.response().headers().set(goodName, goodValue);
                ctx.response().send("sent");
            });
        })) {
            for (int i = 0; i < 3; i++) {
                for (String bad : new String[] {"/bad-name", "/bad-value", "/bad-string-value"}) {
                    HttpResponse<String> refused = server.get(bad);
                    assertEquals(500, refused.statusCode(), bad);
                    assertEquals("", refused.body(), bad);
                    assertTrue(refused.headers().firstValue("injected").isEmpty(), bad);
                }
                HttpResponse<String> good = server.get("/good");
                assertEquals(200, good.statusCode());
                assertEquals("fine; really", good.headers().firstValue("x-good").orElseThrow());
            }
        }
    }

    /** {@code server.connect()} speaks the combination's wire: in cleartext, or over TLS where ALPN chose HTTP/1.1. */
    @HttpTest(requires = Capability.HTTP1_WIRE)
    void rawConnectionsSpeakTheCombinationsWire(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.get("/", ctx -> ctx.response().send(ctx.request().scheme() + " "
                + (ctx.connection().tls() == null ? "cleartext" : ctx.connection().tls().applicationProtocol() + " "
                        + ctx.connection().tls().serverName()))));
             RawConnection conn = server.connect()) {
            conn.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals(c.protocol().secure() ? "https http/1.1 localhost" : "http cleartext", conn.readFinal().bodyText());
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void headHasContentLengthButNoBody(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.get("/doc", ctx -> ctx.response().send("twelve bytes")));
             RawConnection conn = server.connect()) {
            conn.send("HEAD /doc HTTP/1.1\r\nHost: a\r\n\r\nGET /doc HTTP/1.1\r\nHost: a\r\n\r\n");
            RawResponse head = conn.read(true);
            assertEquals(200, head.status());
            assertEquals("12", head.header("content-length"));
            // Had the HEAD response carried a body, it would be read here as the next status line.
            RawResponse get = conn.read();
            assertEquals(200, get.status());
            assertEquals("twelve bytes", get.bodyText());
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void headOfAStreamedResponseSendsNoBody(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.get("/stream", ctx -> {
                ctx.response().write("part");
                ctx.response().flush();
                ctx.response().write("rest");
            }));
             RawConnection conn = server.connect()) {
            conn.send("HEAD /stream HTTP/1.1\r\nHost: a\r\n\r\nGET /stream HTTP/1.1\r\nHost: a\r\n\r\n");
            RawResponse head = conn.read(true);
            assertEquals(200, head.status());
            RawResponse get = conn.read();
            assertEquals("partrest", get.bodyText());
        }
    }

    @HttpTest
    void postEchoesAFixedLengthBody(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.post("/echo", RequestResponseTest::echo))) {
            HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/echo"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"harrier\"}")));
            assertEquals(200, response.statusCode());
            assertEquals("{\"name\":\"harrier\"}", response.body());
            assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());

            String curl = server.curl("--data-binary", "posted by curl", server.uri("/echo").toString()).ok();
            assertEquals("posted by curl", curl);
        }
    }

    @HttpTest
    void postEchoesAChunkedBody(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.post("/echo", RequestResponseTest::echo))) {
            byte[] body = "chunked request body ".repeat(1000).getBytes(StandardCharsets.UTF_8);
            // A stream publisher has no length: the JDK client sends it chunked (HTTP/1.1), or
            // in DATA frames without a Content-Length (HTTP/2).
            HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/echo"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
            assertEquals(200, response.statusCode());
            assertEquals(new String(body, StandardCharsets.UTF_8), response.body());

            String curl = server.curl("chunked by curl".getBytes(StandardCharsets.UTF_8),
                    "-H", "Transfer-Encoding: chunked", "--data-binary", "@-", server.uri("/echo").toString()).ok();
            assertEquals("chunked by curl", curl);
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void chunkedRequestTrailersAreReadable(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.post("/trailers", ctx -> {
                String body = ctx.request().readString();
                ctx.response().send(body + "|" + ctx.request().trailers().get("checksum"));
            }));
             RawConnection conn = server.connect()) {
            conn.send("POST /trailers HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTrailer: checksum\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\nchecksum: abc123\r\n\r\n");
            assertEquals("hello world|abc123", conn.readFinal().bodyText());
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void largeBodyIsStreamedThroughBothWays(Combination c) throws Exception {
        byte[] body = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(body);
        try (ServerFixture server = c.serve(app -> app.post("/echo", RequestResponseTest::echo));
             RawConnection conn = server.connect()) {
            // The response is read while the request is still being sent: the server echoes as it
            // reads, so both directions must keep flowing for this to finish.
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    conn.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: " + body.length + "\r\n\r\n");
                    for (int i = 0; i < body.length; i += 64 * 1024) {
                        conn.send(java.util.Arrays.copyOfRange(body, i, Math.min(body.length, i + 64 * 1024)));
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            RawResponse response = conn.readFinal();
            sent.get(30, TimeUnit.SECONDS);
            assertEquals(200, response.status());
            assertEquals(body.length, response.body().length);
            assertArrayEquals(body, response.body());
        }
    }

    @HttpTest
    void largeBodyThroughTheJdkClientAndCurl(Combination c) throws Exception {
        byte[] body = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(body);
        try (ServerFixture server = c.serve(app -> app.post("/sum", ctx -> {
                // Reads in small pieces, far behind the client: the body arrives whole through the
                // server's flow control (the client is held back, nothing is dropped).
                InputStream in = ctx.request().body();
                byte[] buffer = new byte[1000];
                long total = 0;
                long sum = 0;
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    total += n;
                    for (int i = 0; i < n; i++) {
                        sum += buffer[i] & 0xff;
                    }
                }
                ctx.response().send(total + ":" + sum);
            }))) {
            long sum = 0;
            for (byte b : body) {
                sum += b & 0xff;
            }
            HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/sum"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            assertEquals(body.length + ":" + sum, response.body());
            String curl = server.curl(body, "--data-binary", "@-", "-H", "Content-Type: application/octet-stream",
                    server.uri("/sum").toString()).ok();
            assertEquals(body.length + ":" + sum, curl);
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void largeStreamedResponseArrivesWholeAndChunked(Combination c) throws Exception {
        byte[] big = new byte[8 * 1024 * 1024];
        new Random(3).nextBytes(big);
        try (ServerFixture server = c.serve(app -> app.get("/big", ctx -> {
                for (int i = 0; i < big.length; i += 100_000) {
                    ctx.response().write(big, i, Math.min(100_000, big.length - i));
                }
            }));
             RawConnection conn = server.connect()) {
            conn.send("GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
            RawResponse response = conn.readFinal();
            assertArrayEquals(big, response.body());
            assertTrue(response.chunked());
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void streamedResponseArrivesInPartsAndIntact(Combination c) throws Exception {
        CountDownLatch firstPartSeen = new CountDownLatch(1);
        try (ServerFixture server = c.serve(app -> app.get("/parts", ctx -> {
                ctx.response().contentType("text/plain");
                ctx.response().write("first;");
                ctx.response().flush();
                if (c.handlersMayBlock()) {
                    // Only continue once the client has the first part: flush really sent it.
                    assertTrue(firstPartSeen.await(20, TimeUnit.SECONDS), "the client never saw the first part");
                }
                for (int i = 0; i < 5; i++) {
                    ctx.response().write("part" + i + ";");
                    ctx.response().flush();
                }
                ctx.response().write("last");
            }));
             RawConnection conn = server.connect()) {
            conn.send("GET /parts HTTP/1.1\r\nHost: a\r\n\r\n");
            if (c.handlersMayBlock()) {
                // Head, then the chunk of the first part: "6\r\nfirst;\r\n".
                java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
                while (!seen.toString(StandardCharsets.ISO_8859_1).contains("first;")) {
                    int b = conn.input().read();
                    assertTrue(b >= 0, "closed before the first part");
                    seen.write(b);
                }
                String head = seen.toString(StandardCharsets.ISO_8859_1);
                assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
                assertTrue(head.toLowerCase().contains("transfer-encoding: chunked"), head);
                firstPartSeen.countDown();
                conn.readExactly(2); // CRLF after the first chunk
                java.io.ByteArrayOutputStream rest = new java.io.ByteArrayOutputStream();
                for (;;) {
                    String sizeLine = readLine(conn.input());
                    int size = Integer.parseInt(sizeLine, 16);
                    if (size == 0) {
                        assertEquals("", readLine(conn.input()));
                        break;
                    }
                    rest.write(conn.readExactly(size));
                    assertEquals("", readLine(conn.input()));
                }
                assertEquals("part0;part1;part2;part3;part4;last", rest.toString(StandardCharsets.UTF_8));
            } else {
                RawResponse response = conn.readFinal();
                assertTrue(response.chunked());
                assertEquals("first;part0;part1;part2;part3;part4;last", response.bodyText());
            }
            // The connection is still usable after a chunked response.
            conn.send("GET /parts HTTP/1.1\r\nHost: a\r\n\r\n");
            firstPartSeen.countDown();
            assertEquals("first;part0;part1;part2;part3;part4;last", conn.readFinal().bodyText());
        }
    }

    private static String readLine(InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            assertTrue(b >= 0, "closed inside a line");
            line.append((char) b);
        }
        return line.toString().strip();
    }

    @HttpTest
    void streamedResponseIsReceivedIntactByClients(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.get("/count", ctx -> {
                for (int i = 0; i < 1000; i++) {
                    ctx.response().write(i + "\n");
                    if (i % 100 == 0) {
                        ctx.response().flush();
                    }
                }
            }))) {
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                expected.append(i).append('\n');
            }
            assertEquals(expected.toString(), server.get("/count").body());
            assertEquals(expected.toString(), server.curl(server.uri("/count").toString()).ok());
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void responseTrailersFollowAChunkedBody(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.get("/t", ctx -> {
                ctx.response().trailers().set("x-checksum", "42");
                ctx.response().write("data");
                ctx.response().flush();
                ctx.response().write("more");
            }));
             RawConnection conn = server.connect()) {
            conn.send("GET /t HTTP/1.1\r\nHost: a\r\nTE: trailers\r\n\r\n");
            RawResponse response = conn.readFinal();
            assertEquals("datamore", response.bodyText());
            assertEquals("42", response.trailer("x-checksum"));
        }
    }

    /**
     * Every response the application makes carries Date and Server, whatever its body: sent whole,
     * streamed, none (204); and so do those the router and the server write on their own. curl
     * sees the same fields as the JDK client.
     */
    @HttpTest
    void dateAndServerHeaders(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app
                .get("/", ctx -> ctx.response().send("x"))
                .get("/streamed", ctx -> {
                    ctx.response().write("part");
                    ctx.response().flush();
                })
                .get("/no-content", ctx -> ctx.response().status(204)))) {
            HttpResponse<String> response = server.get("/");
            assertEquals("harrier", response.headers().firstValue("server").orElseThrow());
            String date = response.headers().firstValue("date").orElseThrow();
            ZonedDateTime parsed = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME);
            assertTrue(date.endsWith(" GMT"), date);
            // The value is kept current by a clock thread: at most a second old (it has no fraction).
            assertTrue(Duration.between(parsed, ZonedDateTime.now()).abs().toMillis() < 2500, date);
            for (String path : java.util.List.of("/streamed", "/no-content", "/missing")) {
                // "/missing": the router's 404.
                HttpResponse<String> other = server.get(path);
                assertEquals(java.util.List.of("harrier"), other.headers().allValues("server"), path);
                assertEquals(1, other.headers().allValues("date").size(), path);
                String curl = server.curl("-D", "-", "-o", "/dev/null", server.uri(path).toString()).ok().toLowerCase();
                assertTrue(curl.contains("\nserver: harrier\r\n"), curl);
                assertTrue(curl.contains("\ndate: "), curl);
            }
        }
    }

    /** Without {@code addServerHeader} no Server field is added, Date still is; a handler's own Server is sent. */
    @HttpTest
    void serverHeaderCanBeTurnedOff(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> {
                app.options().addServerHeader(false);
                app.get("/", ctx -> ctx.response().send("x"));
                app.get("/no-content", ctx -> ctx.response().status(204));
                app.get("/own", ctx -> {
                    ctx.response().headers().set("server", "custom");
                    ctx.response().send("x");
                });
            })) {
            for (String path : java.util.List.of("/", "/no-content", "/missing")) {
                HttpResponse<String> response = server.get(path);
                assertTrue(response.headers().firstValue("server").isEmpty(), path + " " + response.headers());
                assertTrue(response.headers().firstValue("date").isPresent(), path);
                String curl = server.curl("-D", "-", "-o", "/dev/null", server.uri(path).toString()).ok().toLowerCase();
                assertFalse(curl.contains("\nserver:"), curl);
                assertTrue(curl.contains("\ndate: "), curl);
            }
            assertEquals(java.util.List.of("custom"), server.get("/own").headers().allValues("server"));
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void errorsTheProtocolAnswersHonourTheServerHeaderOption(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> {
                app.options().addServerHeader(false);
                app.get("/", ctx -> ctx.response().send("x"));
            });
             RawConnection conn = server.connect()) {
            conn.send("GET / HTTP/1.1\r\n\r\n");
            RawResponse bad = conn.readFinal();
            assertEquals(400, bad.status());
            assertNull(bad.header("server"));
            assertNotNull(bad.header("date"));
        }
    }

    /** A handler's own Date and Server are sent instead of the server's, once each. */
    @HttpTest
    void applicationMayReplaceTheDateAndServerHeaders(Combination c) throws Exception {
        String date = "Tue, 01 Jan 2030 00:00:00 GMT";
        try (ServerFixture server = c.serve(app -> app.get("/", ctx -> {
                ctx.response().headers().set("server", "custom");
                ctx.response().headers().set("date", date);
                ctx.response().send("x");
            }))) {
            HttpResponse<String> response = server.get("/");
            assertEquals(java.util.List.of("custom"), response.headers().allValues("server"));
            assertEquals(java.util.List.of(date), response.headers().allValues("date"));
        }
    }

    @HttpTest
    void statusAndHeadersAreSent(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.post("/items", ctx -> {
                ctx.response().status(201);
                ctx.response().headers().set("location", "/items/7");
                ctx.response().headers().add("x-multi", "a");
                ctx.response().headers().add("x-multi", "b");
                ctx.response().send("created");
            }).get("/empty", ctx -> ctx.response().status(204)))) {
            HttpResponse<String> created = server.send(HttpRequest.newBuilder(server.uri("/items"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")));
            assertEquals(201, created.statusCode());
            assertEquals("/items/7", created.headers().firstValue("location").orElseThrow());
            assertEquals(java.util.List.of("a", "b"), created.headers().allValues("x-multi"));
            HttpResponse<String> empty = server.get("/empty");
            assertEquals(204, empty.statusCode());
            assertFalse(empty.headers().firstValue("content-length").isPresent());
            assertFalse(empty.headers().firstValue("transfer-encoding").isPresent());
        }
    }

    /**
     * The server owns the framing of an HTTP/1.1 body: a Transfer-Encoding set by the application
     * is not sent beside the Content-Length, 205 has an empty body, and 204 carries no length,
     * whatever the application wrote; the connection carries on with the next response intact.
     */
    @HttpTest(requires = Capability.HTTP1_WIRE)
    void theServerFramesResponseBodies(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.get("/te", ctx -> {
                ctx.response().headers().set("transfer-encoding", "chunked");
                ctx.response().send("hello");
            }).get("/reset", ctx -> ctx.response().status(205).send("ignored"))
                .get("/none", ctx -> {
                    ctx.response().status(204).headers().set("content-length", "7");
                    ctx.response().send("ignored");
                }));
             RawConnection conn = server.connect()) {
            conn.send("GET /te HTTP/1.1\r\nHost: a\r\n\r\nGET /reset HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /none HTTP/1.1\r\nHost: a\r\n\r\nGET /te HTTP/1.1\r\nHost: a\r\n\r\n");
            RawResponse te = conn.read();
            assertEquals("5", te.header("content-length"));
            assertNull(te.header("transfer-encoding"));
            assertEquals("hello", te.bodyText());
            RawResponse reset = conn.read();
            assertEquals(205, reset.status());
            assertEquals("0", reset.header("content-length"));
            RawResponse none = conn.read();
            assertEquals(204, none.status());
            assertNull(none.header("content-length"));
            assertEquals("hello", conn.read().bodyText());
        }
    }

    /**
     * A response head larger than the buffer that gathers pipelined responses (16 KiB) goes out
     * whole and in order between small ones.
     */
    @HttpTest(requires = Capability.HTTP1_WIRE)
    void largeResponseHeadsGoOutWholeBetweenSmallOnes(Combination c) throws Exception {
        String big = "v".repeat(40_000);
        try (ServerFixture server = c.serve(app -> app.get("/small", ctx -> ctx.response().send("s"))
                .get("/big", ctx -> {
                    ctx.response().headers().set("x-big", big);
                    ctx.response().send("b");
                }));
             RawConnection conn = server.connect()) {
            String small = "GET /small HTTP/1.1\r\nHost: a\r\n\r\n";
            conn.send(small + "GET /big HTTP/1.1\r\nHost: a\r\n\r\n" + small + "GET /big HTTP/1.1\r\nHost: a\r\n\r\n"
                    + small);
            for (int i = 0; i < 5; i++) {
                RawResponse response = conn.read();
                assertEquals(200, response.status());
                boolean isBig = i % 2 == 1;
                assertEquals(isBig ? "b" : "s", response.bodyText());
                assertEquals(isBig ? big : null, response.header("x-big"));
            }
        }
    }

    /** {@code Connection: close} from the application ends the connection after its response. */
    @HttpTest(requires = Capability.HTTP1_WIRE)
    void connectionCloseFromTheApplicationClosesAfterTheResponse(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.get("/bye", ctx -> {
                ctx.response().headers().set("connection", "Close");
                ctx.response().send("bye");
            }));
             RawConnection conn = server.connect()) {
            conn.send("GET /bye HTTP/1.1\r\nHost: a\r\n\r\nGET /bye HTTP/1.1\r\nHost: a\r\n\r\n");
            RawResponse bye = conn.read();
            assertEquals("bye", bye.bodyText());
            assertEquals("close", bye.header("connection"));
            assertEquals(0, conn.awaitClosed(Duration.ofSeconds(5)).length, "the pipelined request is not answered");
        }
    }

    @HttpTest
    void handlerThatWritesNothingGetsAnEmptyResponse(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.get("/nothing", ctx -> { }))) {
            HttpResponse<String> response = server.get("/nothing");
            assertEquals(200, response.statusCode());
            assertEquals("0", response.headers().firstValue("content-length").orElseThrow());
            assertEquals("", response.body());
        }
    }
}
