package dev.harrier.tests.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.http.DataRate;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.RawResponse;
import dev.harrier.tests.support.ServerFixture;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Slow clients are cut off at the configured limits while other clients keep being served:
 * slow request heads (slowloris), slow request bodies, slow response readers. Windows are
 * generous; nothing here measures speed.
 */
class SlowClientTest {

    private static final int SLOW_CONNECTIONS = 300;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Sends {@code bytes} a few at a time with a pause, until told to stop or a write fails. */
    private static Thread trickle(RawConnection conn, byte[] bytes, int step, long pauseMillis, AtomicBoolean stop) {
        return Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < bytes.length && !stop.get(); i += step) {
                    conn.send(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + step)));
                    Thread.sleep(pauseMillis);
                }
            } catch (IOException | InterruptedException e) {
                // the server cut the connection: what the test expects
            }
        });
    }

    @HttpTest(requires = {Capability.TCP_SOCKETS, Capability.HTTP1_WIRE})
    void slowHeadersAreCutWhileOtherClientsAreServed(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> {
                app.limits().requestHeadersTimeout(Duration.ofSeconds(1)).keepAliveTimeout(Duration.ofSeconds(2));
                app.get("/", ctx -> ctx.response().send("ok"));
            });
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            byte[] head = ("GET / HTTP/1.1\r\nHost: a\r\nX-Slow: " + "s".repeat(100)).getBytes(StandardCharsets.US_ASCII);
            List<Future<Long>> slow = new ArrayList<>();
            for (int i = 0; i < SLOW_CONNECTIONS; i++) {
                slow.add(threads.submit(() -> {
                    AtomicBoolean stop = new AtomicBoolean();
                    try (RawConnection conn = server.connect()) {
                        long start = System.nanoTime();
                        Thread writer = trickle(conn, head, 1, 250, stop);
                        try {
                            RawResponse response = conn.readFinal();
                            long cutAfter = System.nanoTime() - start;
                            assertEquals(408, response.status());
                            assertEquals("close", response.header("connection"));
                            conn.awaitClosed(Duration.ofSeconds(5));
                            return cutAfter;
                        } finally {
                            stop.set(true);
                            writer.join();
                        }
                    }
                }));
            }
            // Meanwhile, normal clients are answered promptly, on new and on kept-alive connections.
            List<Future<Integer>> normal = new ArrayList<>();
            long until = System.nanoTime() + 3 * NANOS_PER_SECOND;
            for (int t = 0; t < 4; t++) {
                normal.add(threads.submit(() -> {
                    int served = 0;
                    while (System.nanoTime() < until && served < 200) {
                        try (RawConnection conn = server.connect()) {
                            for (int r = 0; r < 3; r++) {
                                long start = System.nanoTime();
                                conn.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                                assertEquals("ok", conn.readFinal().bodyText());
                                long took = System.nanoTime() - start;
                                assertTrue(took < 2 * NANOS_PER_SECOND, "a normal request took " + took / 1_000_000 + " ms");
                                served++;
                            }
                        }
                        Thread.sleep(20);
                    }
                    return served;
                }));
            }
            for (Future<Integer> client : normal) {
                assertTrue(client.get(30, TimeUnit.SECONDS) > 0);
            }
            for (Future<Long> connection : slow) {
                long cutAfter = connection.get(30, TimeUnit.SECONDS);
                assertTrue(cutAfter > NANOS_PER_SECOND * 8 / 10 && cutAfter < 6 * NANOS_PER_SECOND,
                        "a slow head is cut about 1 s after its first byte, was " + cutAfter / 1_000_000 + " ms");
            }
        }
    }

    private static ServerFixture bodyServer(Combination c) {
        return c.serve(app -> {
            app.limits().minRequestBodyDataRate(new DataRate(1000, Duration.ofSeconds(1)));
            app.post("/upload", ctx -> ctx.response().send("got " + ctx.request().readAllBytes().length));
            app.post("/lenient", ctx -> {
                ctx.request().minDataRate(null);
                ctx.response().send("got " + ctx.request().readAllBytes().length);
            });
        });
    }

    /** Trickles a 100 kB body at about 50 bytes/s; returns the response and when it came. */
    private static RawResponse trickleBody(ServerFixture server, String path, int length, long[] tookNanos)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        try (RawConnection conn = server.connect()) {
            conn.send("POST " + path + " HTTP/1.1\r\nHost: a\r\nContent-Length: " + length + "\r\n\r\n");
            long start = System.nanoTime();
            Thread writer = trickle(conn, "b".repeat(length).getBytes(StandardCharsets.US_ASCII), 10, 200, stop);
            try {
                RawResponse response = conn.readFinal();
                tookNanos[0] = System.nanoTime() - start;
                if ("close".equals(response.header("connection"))) {
                    conn.awaitClosed(Duration.ofSeconds(5));
                }
                return response;
            } finally {
                stop.set(true);
                writer.join();
            }
        }
    }

    @HttpTest(requires = {Capability.TCP_SOCKETS, Capability.HTTP1_WIRE})
    void slowBodyIs408AndClosedButAFastLargeOneIsNot(Combination c) throws Exception {
        try (ServerFixture server = bodyServer(c)) {
            long[] took = new long[1];
            RawResponse cut = trickleBody(server, "/upload", 100_000, took);
            assertEquals(408, cut.status());
            assertEquals("close", cut.header("connection"));
            assertTrue(took[0] > NANOS_PER_SECOND * 8 / 10 && took[0] < 8 * NANOS_PER_SECOND,
                    "cut after the 1 s grace period, within a few checks: " + took[0] / 1_000_000 + " ms");
            assertEquals(1, server.app().counters().slowRequestBodies());

            try (RawConnection conn = server.connect()) {
                byte[] big = new byte[4 * 1024 * 1024];
                conn.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + big.length + "\r\n\r\n");
                conn.send(big);
                assertEquals("got " + big.length, conn.readFinal().bodyText());
            }
            assertEquals(1, server.app().counters().slowRequestBodies(), "the fast client was not counted");
        }
    }

    /**
     * On real sockets: inline scheduling answers 408 and closes, and Netty's in-memory channel can
     * drop the last bytes written right before a close (see examples/custom-transport/README.md).
     */
    @HttpTest(requires = {Capability.TCP_SOCKETS, Capability.HTTP1_WIRE})
    void perRequestOverrideLetsASlowBodyThrough(Combination c) throws Exception {
        try (ServerFixture server = bodyServer(c)) {
            long[] took = new long[1];
            RawResponse response = trickleBody(server, "/lenient", 150, took);
            if (c.handlersMayBlock()) {
                assertEquals(200, response.status(), response.toString());
                assertEquals("got 150", response.bodyText());
                assertTrue(took[0] > 2 * NANOS_PER_SECOND, "the body took longer than the grace period");
                assertEquals(0, server.app().counters().slowRequestBodies());
            } else {
                // Inline scheduling reads the body before the handler runs (HttpRequest.minDataRate
                // applies only before the body is read), so the server-wide rate still applies.
                assertEquals(408, response.status());
                assertEquals(1, server.app().counters().slowRequestBodies());
            }
        }
    }

    @HttpTest(requires = {Capability.FLOW_CONTROL, Capability.HTTP1_WIRE})
    void slowReaderIsCutOffWhileANormalReaderGetsEverything(Combination c) throws Exception {
        int chunk = 64 * 1024;
        int chunks = 512; // 32 MiB: far more than the socket buffers hold
        Queue<Throwable> writeFailures = new ConcurrentLinkedQueue<>();
        try (ServerFixture server = c.serve(app -> {
                // The rate is an average over the time the writer waits, and the socket buffers
                // absorb a few MB at once: the minimum is set far above what they hold per second
                // and far below what a reader on the loopback takes.
                app.limits().minResponseDataRate(new DataRate(10_000_000, Duration.ofSeconds(1)))
                        .maxResponseBufferSize(16 * 1024);
                app.get("/big", ctx -> {
                    byte[] bytes = new byte[chunk];
                    try {
                        for (int i = 0; i < chunks; i++) {
                            ctx.response().write(bytes);
                        }
                    } catch (IOException e) {
                        writeFailures.add(e);
                        throw e;
                    }
                });
            })) {
            try (RawConnection conn = server.connect()) {
                conn.send("GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals(chunk * chunks, conn.readFinal().body().length, "a normal reader gets it all");
            }
            try (RawConnection slow = server.connect(socket -> socket.setReceiveBufferSize(8 * 1024))) {
                slow.socket().setSoTimeout(2_000);
                slow.send("GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
                long deadline = System.nanoTime() + 15 * NANOS_PER_SECOND;
                if (c.handlersMayBlock()) {
                    while (server.app().counters().slowResponses() == 0 && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                    assertEquals(1, server.app().counters().slowResponses(), "the slow reader was cut off");
                    long received = drain(slow.input());
                    assertTrue(received < (long) chunk * chunks, "the response was cut short: " + received);
                    while (writeFailures.isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    assertEquals(1, writeFailures.size(), "the handler's write failed");
                } else {
                    // Inline handlers never wait for the client (they run on the event loop), so
                    // the response is queued whole and the rate, which applies while the
                    // application waits to write, is not enforced: a late reader gets it all.
                    Thread.sleep(1500);
                    long received = drain(slow.input());
                    assertTrue(received > (long) chunk * chunks, "the late reader got everything: " + received);
                    assertEquals(0, server.app().counters().slowResponses());
                }
            }
        }
    }

    /** Reads until the end of the stream, a reset, or 2 s of silence; returns the byte count. */
    private static long drain(InputStream in) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
        } catch (java.net.SocketTimeoutException quiet) {
            // the response is complete and the connection kept alive
        } catch (java.net.SocketException reset) {
            // cut off
        }
        return total;
    }
}
