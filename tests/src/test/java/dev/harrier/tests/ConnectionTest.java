package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.http.HttpUpgradeFeature;
import dev.harrier.http.UpgradedConnection;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.RawResponse;
import dev.harrier.tests.support.ServerFixture;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Connection management: keep-alive, pipelining, HTTP/1.0, close, idle timeout, upgrade. */
class ConnectionTest {

    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(10);

    private static ServerFixture pathEcho(Combination c) {
        Set<String> connections = ConcurrentHashMap.newKeySet();
        return c.serve(app -> app.get("/{*path}", ctx -> {
            connections.add(ctx.connection().id());
            ctx.response().send(ctx.request().path() + " on " + ctx.connection().id());
        }));
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void keepAliveServesSeveralRequestsOnOneConnection(Combination c) throws Exception {
        try (ServerFixture server = pathEcho(c); RawConnection conn = server.connect()) {
            String connectionId = null;
            for (int i = 0; i < 5; i++) {
                conn.send("GET /r" + i + " HTTP/1.1\r\nHost: a\r\n\r\n");
                RawResponse response = conn.readFinal();
                assertEquals(200, response.status());
                assertNull(response.header("connection"));
                String[] body = response.bodyText().split(" on ");
                assertEquals("/r" + i, body[0]);
                if (connectionId == null) {
                    connectionId = body[1];
                }
                assertEquals(connectionId, body[1], "every request saw the same connection");
            }
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void pipelinedRequestsAreAnsweredInOrder(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> {
                app.get("/slow/{n}", ctx -> {
                    int n = Integer.parseInt(ctx.request().pathParameter("n"));
                    if (c.handlersMayBlock()) {
                        Thread.sleep(10 - n); // earlier requests finish later if run concurrently
                    }
                    ctx.response().send("response " + n);
                });
                app.post("/echo", RequestResponseTest::echo);
            });
             RawConnection conn = server.connect()) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                if (i % 3 == 1) {
                    String body = "body " + i;
                    batch.append("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: ").append(body.length())
                            .append("\r\n\r\n").append(body);
                } else {
                    batch.append("GET /slow/").append(i).append(" HTTP/1.1\r\nHost: a\r\n\r\n");
                }
            }
            conn.send(batch.toString()); // one write: all ten requests arrive together
            for (int i = 0; i < 10; i++) {
                RawResponse response = conn.readFinal();
                assertEquals(200, response.status());
                assertEquals(i % 3 == 1 ? "body " + i : "response " + i, response.bodyText());
            }
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void http10ClosesUnlessKeepAliveIsAsked(Combination c) throws Exception {
        try (ServerFixture server = pathEcho(c)) {
            try (RawConnection conn = server.connect()) {
                conn.send("GET /old HTTP/1.0\r\n\r\n");
                RawResponse response = conn.readFinal();
                assertEquals("HTTP/1.0", response.version());
                assertEquals(200, response.status());
                assertTrue(response.bodyText().startsWith("/old on "));
                conn.awaitClosed(CLOSE_WITHIN);
            }
            try (RawConnection conn = server.connect()) {
                conn.send("GET /one HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                RawResponse first = conn.readFinal();
                assertEquals("keep-alive", first.header("connection").toLowerCase());
                assertTrue(first.bodyText().startsWith("/one on "));
                conn.send("GET /two HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                assertTrue(conn.readFinal().bodyText().startsWith("/two on "));
                conn.send("GET /three HTTP/1.0\r\n\r\n");
                assertTrue(conn.readFinal().bodyText().startsWith("/three on "));
                conn.awaitClosed(CLOSE_WITHIN);
            }
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void http10StreamedResponseIsDelimitedByClose(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.get("/s", ctx -> {
                ctx.response().write("a");
                ctx.response().flush();
                ctx.response().write("b");
            }));
             RawConnection conn = server.connect()) {
            // No chunked encoding in HTTP/1.0: the end of the connection ends the body.
            conn.send("GET /s HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawResponse response = conn.readFinal();
            assertNull(response.header("transfer-encoding"));
            assertEquals("ab", response.bodyText());
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void connectionCloseIsHonoured(Combination c) throws Exception {
        try (ServerFixture server = pathEcho(c); RawConnection conn = server.connect()) {
            conn.send("GET /bye HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                    + "GET /never HTTP/1.1\r\nHost: a\r\n\r\n");
            RawResponse response = conn.readFinal();
            assertEquals("close", response.header("connection"));
            assertTrue(response.bodyText().startsWith("/bye on "));
            byte[] rest = conn.awaitClosed(CLOSE_WITHIN);
            assertEquals("", new String(rest, StandardCharsets.ISO_8859_1), "nothing is answered after close");
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void idleConnectionIsClosedAfterTheKeepAliveTimeout(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> {
                app.limits().keepAliveTimeout(Duration.ofSeconds(1));
                app.get("/", ctx -> ctx.response().send("x"));
            })) {
            try (RawConnection conn = server.connect()) {
                conn.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals(200, conn.readFinal().status());
                // Still usable straight away ...
                conn.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals(200, conn.readFinal().status());
                // ... open while the timeout runs ...
                assertTrue(conn.staysOpenAndQuiet(Duration.ofMillis(300)), "closed before the keep-alive timeout");
                // ... and closed once idle.
                assertEquals(0, conn.awaitClosed(CLOSE_WITHIN).length);
            }
            try (RawConnection conn = server.connect()) {
                // A connection that never sends a request is idle too.
                assertEquals(0, conn.awaitClosed(CLOSE_WITHIN).length);
            }
        }
    }

    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.BLOCKING_HANDLERS})
    void slowHandlerIsNotCutOffByTheKeepAliveTimeout(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> {
                app.limits().keepAliveTimeout(Duration.ofMillis(200));
                app.post("/slow", ctx -> {
                    Thread.sleep(700);
                    ctx.response().send(ctx.request().readString());
                });
            });
             RawConnection conn = server.connect()) {
            conn.send("POST /slow HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok");
            assertEquals("ok", conn.readFinal().bodyText());
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void upgradeHandsOverTheRawConnection(Combination c) throws Exception {
        upgradeEcho(c, false);
    }

    @HttpTest(requires = {Capability.HALF_CLOSE, Capability.HTTP1_WIRE})
    void upgradedInputEndsWhenTheClientHalfCloses(Combination c) throws Exception {
        upgradeEcho(c, true);
    }

    /**
     * Upgrades to an echo protocol and talks it. With {@code halfClose}, the client then ends its
     * sending direction, and the handler sees end of input and can still answer; otherwise the
     * client closes the connection, and the handler's input ends as well.
     */
    private static void upgradeEcho(Combination c, boolean halfClose) throws Exception {
        java.util.concurrent.CountDownLatch handlerEnded = new java.util.concurrent.CountDownLatch(1);
        try (ServerFixture server = c.serve(app -> app.get("/echo", ctx -> {
                HttpUpgradeFeature upgrade = ctx.features().get(HttpUpgradeFeature.class);
                if (upgrade == null) {
                    ctx.response().send(426, "upgrade required");
                    return;
                }
                ctx.response().headers().set("upgrade", upgrade.requestedProtocols());
                UpgradedConnection connection = upgrade.upgrade();
                try {
                    echo(c, connection);
                } finally {
                    handlerEnded.countDown();
                }
            }));
             RawConnection conn = server.connect()) {
            conn.send("GET /echo HTTP/1.1\r\nHost: a\r\n\r\n");
            RawResponse plain = conn.readFinal();
            assertEquals(426, plain.status(), "no upgrade feature without Connection: upgrade");

            conn.send("GET /echo HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: echo\r\n\r\n");
            RawResponse switching = conn.read();
            assertEquals(101, switching.status());
            assertEquals("upgrade", switching.header("connection").toLowerCase());
            assertEquals("echo", switching.header("upgrade"));
            assertEquals("ready\n", new String(conn.readExactly(6), StandardCharsets.US_ASCII));
            if (c.handlersMayBlock()) {
                for (String message : new String[] {"hello", "GET / HTTP/1.1\r\n\r\n", "x".repeat(100_000)}) {
                    conn.send(message);
                    assertEquals(message, new String(conn.readExactly(message.length()), StandardCharsets.ISO_8859_1),
                            "bytes after the upgrade are not HTTP any more");
                }
                if (!halfClose) {
                    conn.close();
                    assertTrue(handlerEnded.await(CLOSE_WITHIN.toSeconds(), java.util.concurrent.TimeUnit.SECONDS),
                            "the handler's input ended when the client closed the connection");
                    return;
                }
                conn.shutdownOutput();
                assertEquals("bye\n", new String(conn.readExactly(4), StandardCharsets.US_ASCII),
                        "the handler saw the end of the client's stream as end of input");
            }
            assertEquals(0, conn.awaitClosed(CLOSE_WITHIN).length);
        }
    }

    private static void echo(Combination c, UpgradedConnection connection) throws java.io.IOException {
        OutputStream out = connection.output();
        out.write("ready\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (c.handlersMayBlock()) {
            InputStream in = connection.input();
            byte[] buffer = new byte[1024];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
                // The client closed its side: end of stream, and the way back still works.
                out.write("bye\n".getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException closed) {
                return; // the whole connection closed (no half-close): input ends with an error
            }
        }
        // Inline handlers cannot block: the connection ends when the handler returns.
        connection.close();
    }
}
