package dev.harrier.tests.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.app.WebApp;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.RawResponse;
import dev.harrier.tests.support.ServerFixture;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** WebApp.stop(Duration) while requests are in flight. */
class GracefulShutdownTest {

    private static final int CLIENTS = 50;

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void stopUnderLoadCompletesEveryAcceptedRequest(Combination c) throws Exception {
        AtomicInteger handled = new AtomicInteger();
        CountDownLatch stopping = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean readyWhenStopping = new AtomicBoolean(true);
        CompletableFuture<Boolean> readyDuringDrain = new CompletableFuture<>();
        ServerFixture server = c.serve(app -> {
            app.get("/fast", ctx -> {
                handled.incrementAndGet();
                ctx.response().send("ok");
            });
            app.get("/slow", ctx -> {
                handled.incrementAndGet();
                Thread.sleep(Long.parseLong(ctx.request().queryParameter("ms")));
                ctx.response().send("ok");
            });
            app.get("/held", ctx -> {
                release.await(20, TimeUnit.SECONDS);
                readyDuringDrain.complete(app.lifetime().isReady());
                ctx.response().send("held");
            });
            app.lifetime().onStopping(() -> {
                readyWhenStopping.set(app.lifetime().isReady());
                stopping.countDown();
            });
        });
        WebApp app = server.app();
        boolean blocking = c.handlersMayBlock();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             RawConnection idle = server.connect(); RawConnection held = server.connect()) {
            idle.send("GET /fast HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("ok", idle.readFinal().bodyText());
            int handledBefore = handled.get();
            if (blocking) {
                held.send("GET /held HTTP/1.1\r\nHost: a\r\n\r\n");
            }
            AtomicBoolean stopBegan = new AtomicBoolean();
            Queue<String> truncated = new ConcurrentLinkedQueue<>();
            AtomicInteger completed = new AtomicInteger();
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < CLIENTS; t++) {
                clients.add(threads.submit(() -> {
                    RawConnection conn = null;
                    try {
                        for (int i = 0; i < 500; i++) {
                            if (conn == null) {
                                try {
                                    conn = server.connect();
                                } catch (ConnectException refused) {
                                    assertTrue(stopBegan.get(), "refused before the stop");
                                    return null;
                                }
                            }
                            int ms = ThreadLocalRandom.current().nextInt(300, 801);
                            String path = blocking && i % 3 == 0 ? "/slow?ms=" + ms : "/fast";
                            try {
                                conn.send("GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n");
                                RawResponse response = conn.readFinal();
                                assertEquals("ok", response.bodyText());
                                completed.incrementAndGet();
                                if ("close".equals(response.header("connection"))) {
                                    conn.close();
                                    conn = null;
                                }
                            } catch (EOFException e) {
                                if (!e.getMessage().contains("before a response")) {
                                    truncated.add(e.toString());
                                }
                                conn.close();
                                conn = null;
                            } catch (java.net.SocketException reset) {
                                conn.close(); // a request sent as the server closed: never read
                                conn = null;
                            }
                            if (stopBegan.get() && conn == null) {
                                Thread.sleep(10);
                            }
                        }
                        return null;
                    } finally {
                        if (conn != null) {
                            conn.close();
                        }
                    }
                }));
            }
            Thread.sleep(1000);
            stopBegan.set(true);
            long start = System.nanoTime();
            Future<?> stop = threads.submit(() -> app.stop(Duration.ofSeconds(5)));
            assertTrue(stopping.await(5, TimeUnit.SECONDS));
            assertFalse(readyWhenStopping.get(), "not ready once the drain begins");
            assertEquals(0, idle.awaitClosed(Duration.ofSeconds(1)).length, "an idle connection closes at once");
            try (RawConnection late = server.connect()) {
                late.send("GET /fast HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals(0, late.awaitClosed(Duration.ofSeconds(2)).length, "no new request is served");
            } catch (IOException refused) {
                // refused outright
            }
            if (blocking) {
                // The server tells its connections one after another; the idle one has heard,
                // give the held one as long to hear before its response is released.
                Thread.sleep(200);
                release.countDown();
                RawResponse response = held.readFinal();
                assertEquals("held", response.bodyText());
                assertEquals("close", response.header("connection"), "a response in flight says Connection: close");
                assertFalse(readyDuringDrain.get(5, TimeUnit.SECONDS));
            }
            stop.get(10, TimeUnit.SECONDS);
            long took = System.nanoTime() - start;
            assertTrue(took < 4_500_000_000L, "stop returned within the timeout: " + took / 1_000_000 + " ms");
            for (Future<?> client : clients) {
                client.get(20, TimeUnit.SECONDS);
            }
            assertEquals(List.of(), List.copyOf(truncated), "no response was cut short");
            assertEquals(handled.get() - handledBefore, completed.get(),
                    "every request a handler saw got a complete response");
            assertEquals(0, app.counters().abortedAtShutdown());
        } finally {
            release.countDown();
            server.close();
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void requestOutlivingTheTimeoutIsAbortedAtTheDeadline(Combination c) throws Exception {
        CountDownLatch aborted = new CountDownLatch(1);
        CountDownLatch reading = new CountDownLatch(1);
        ServerFixture server = c.serve(app -> app.post("/upload", ctx -> {
            ctx.aborted().onAbort(aborted::countDown);
            reading.countDown();
            ctx.request().readAllBytes();
            ctx.response().send("never");
        }));
        try (RawConnection conn = server.connect()) {
            // The body never completes: a blocking handler waits for it, an inline one never runs.
            conn.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n0123456789");
            if (c.handlersMayBlock()) {
                assertTrue(reading.await(10, TimeUnit.SECONDS));
            } else {
                Thread.sleep(200);
            }
            long start = System.nanoTime();
            server.app().stop(Duration.ofSeconds(1));
            long took = System.nanoTime() - start;
            assertTrue(took > 900_000_000L && took < 4_000_000_000L, "stop returned at the deadline: " + took / 1_000_000 + " ms");
            assertEquals(1, server.app().counters().abortedAtShutdown());
            if (c.handlersMayBlock()) {
                assertTrue(aborted.await(5, TimeUnit.SECONDS), "the request's abort signal fired");
            }
            assertEquals(0, conn.awaitClosed(Duration.ofSeconds(5)).length, "no response, the connection is closed");
        } finally {
            server.close();
        }
    }
}
