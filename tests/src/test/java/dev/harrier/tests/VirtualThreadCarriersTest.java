package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.kernel.Scheduling;
import dev.harrier.kernel.VirtualThreadCarriers;
import dev.harrier.app.WebApp;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.LogCapture;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.ServerFixture;
import dev.harrier.tests.support.ServerProcess;
import dev.harrier.tests.support.WireProtocol;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The virtual threads of the default scheduling, carried by the event loops or by the JDK's
 * scheduler: a handler that blocks never holds up the connections of its event loop, and what
 * carries them is the configured choice, or a start-up failure that says how to allow it.
 */
class VirtualThreadCarriersTest {

    /** How often the event loops carrying request threads are looked at (a second). */
    private static final long EVENT_LOOP_WATCH_MILLIS = 1000;

    /**
     * One event loop; the first request's handler waits until a second request, on another
     * connection of that loop, releases it. If the waiting handler held the loop, the second
     * request would never be read and both would time out.
     */
    @ParameterizedTest
    @EnumSource(names = {"EVENT_LOOP", "JDK"})
    void aBlockedHandlerLeavesItsEventLoopServingOthers(VirtualThreadCarriers carriers) throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WebApp app = new Combination("nio", Scheduling.VIRTUAL_THREADS, WireProtocol.HTTP1, carriers).newApp();
        app.options().eventLoopThreads(1);
        app.get("/wait", ctx -> {
            waiting.countDown();
            ctx.response().send(release.await(20, TimeUnit.SECONDS) ? "released" : "never released");
        });
        app.get("/release", ctx -> {
            release.countDown();
            ctx.response().send("done");
        });
        try (ServerFixture server = ServerFixture.start(app)) {
            CompletableFuture<HttpResponse<String>> blocked = server.client().sendAsync(
                    HttpRequest.newBuilder(server.uri("/wait")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(waiting.await(10, TimeUnit.SECONDS), "the first request never reached its handler");
            assertEquals("done", server.curl("http://127.0.0.1:" + server.port() + "/release").ok());
            assertEquals("released", blocked.get(30, TimeUnit.SECONDS).body());
        }
    }

    /**
     * Many handlers sleeping at once on one event loop: they overlap, so the whole takes about
     * one sleep, not their sum.
     */
    @ParameterizedTest
    @EnumSource(names = {"EVENT_LOOP", "JDK"})
    void sleepingHandlersOverlap(VirtualThreadCarriers carriers) throws Exception {
        int requests = 40;
        long sleepMillis = 200;
        WebApp app = new Combination("nio", Scheduling.VIRTUAL_THREADS, WireProtocol.HTTP1, carriers).newApp();
        app.options().eventLoopThreads(1);
        app.get("/sleep", ctx -> {
            Thread.sleep(sleepMillis);
            ctx.response().send("slept");
        });
        try (ServerFixture server = ServerFixture.start(app)) {
            server.get("/sleep");
            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                responses.add(server.client().sendAsync(HttpRequest.newBuilder(server.uri("/sleep")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> response : responses) {
                assertEquals("slept", response.get(30, TimeUnit.SECONDS).body());
            }
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(elapsedMillis < requests * sleepMillis / 4,
                    requests + " sleeps of " + sleepMillis + " ms took " + elapsedMillis + " ms: they did not overlap");
        }
    }

    /**
     * A request thread that computes for seconds keeps its event loop and is reported, with the
     * loop's name and the way out; one that sleeps as long leaves the loop and is not.
     */
    @Test
    void aRequestThreadHoldingItsEventLoopIsReported() throws Exception {
        long holdMillis = 2 * EVENT_LOOP_WATCH_MILLIS + 500;
        WebApp app = new Combination("nio", Scheduling.VIRTUAL_THREADS, WireProtocol.HTTP1,
                VirtualThreadCarriers.EVENT_LOOP).newApp();
        app.options().eventLoopThreads(1);
        app.get("/sleep", ctx -> {
            Thread.sleep(holdMillis);
            ctx.response().send("slept");
        });
        app.get("/compute", ctx -> {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(holdMillis);
            while (System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
            ctx.response().send("computed");
        });
        try (ServerFixture server = ServerFixture.start(app); LogCapture log = LogCapture.start()) {
            assertEquals("slept", server.get("/sleep").body());
            assertFalse(log.text().contains("has been held"), log.text());
            assertEquals("computed", server.get("/compute").body());
            assertTrue(log.text().contains("WARN EventLoopCarriers - Event loop harrier-nio-"),
                    log.text());
            assertTrue(log.text().contains("has been held by one request thread for more than "
                    + EVENT_LOOP_WATCH_MILLIS + " ms"), log.text());
            assertTrue(log.text().contains("or set harrier.virtualThreadCarriers=Jdk"), log.text());
        }
    }

    /** Without {@code java.base/java.lang} open, event-loop carriers asked for by name fail start-up and say how to allow them. */
    @Test
    void eventLoopCarriersWithoutTheOpenPackageFailStartUpWithTheFix() throws Exception {
        try (ServerProcess server = ServerProcess.pidServer(List.of(), "--urls", "http://127.0.0.1:0",
                "--harrier.virtualThreadCarriers=EventLoop")) {
            assertNotEquals(0, server.awaitExit(), server.output());
            String output = server.output();
            assertTrue(output.contains("harrier.virtualThreadCarriers=EventLoop cannot be used: java.base/java.lang"
                    + " is not open to Harrier"), output);
            assertTrue(output.contains("--add-opens java.base/java.lang=ALL-UNNAMED"), output);
            assertTrue(output.contains("set harrier.virtualThreadCarriers=Auto or Jdk"), output);
        }
    }

    /**
     * By default the JDK's carriers take over where the event loops may not carry, and the log says
     * why. Requests are served: their responses reach the event loop without
     * {@code Thread.currentCarrierThread()}, which cannot be called either. The hand-over queues
     * need no opened package: they are Netty's, and the log says so.
     */
    @Test
    void autoFallsBackToTheJdksCarriersAndSaysWhy() throws Exception {
        try (ServerProcess server = ServerProcess.pidServer(List.of(), "--urls", "http://127.0.0.1:0")) {
            server.awaitOutput("Application started.");
            assertTrue(server.output().contains("Requests run on virtual threads carried by the JDK's scheduler,"
                    + " not by the event loops: java.base/java.lang is not open to Harrier"), server.output());
            assertTrue(server.output().contains("Work is handed between threads through Netty's multi-producer"
                    + " single-consumer queues"), server.output());
            try (RawConnection conn = RawConnection.open("127.0.0.1", server.port())) {
                for (int i = 0; i < 3; i++) {
                    conn.send("GET /pid HTTP/1.1\r\nHost: a\r\n\r\n");
                    assertEquals(Long.toString(server.pid()), conn.readFinal().bodyText());
                }
            }
        }
    }

    /** The runnable jar opens the package itself (its manifest's {@code Add-Opens}): its event loops carry the requests. */
    @Test
    void theRunnableJarRunsRequestsOnEventLoopCarriers() throws Exception {
        try (ServerProcess server = ServerProcess.runnableJar(List.of(), "--urls", "http://127.0.0.1:0")) {
            server.awaitOutput("Application started.");
            assertTrue(server.output().contains("Requests run on virtual threads carried by the event loops"),
                    server.output());
        }
    }
}
