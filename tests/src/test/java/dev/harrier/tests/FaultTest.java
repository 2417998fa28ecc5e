package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.http.BadHttpRequestException;
import dev.harrier.http.RequestAbortedException;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.RawResponse;
import dev.harrier.tests.support.ServerFixture;
import java.io.EOFException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Exceptions in the application and clients that go away. */
class FaultTest {

    private static ServerFixture failing(Combination c) {
        return c.serve(app -> app
                .get("/boom", ctx -> {
                    ctx.response().headers().set("x-partial", "set before the failure");
                    throw new IllegalStateException("secret internal detail");
                })
                .get("/teapot", ctx -> {
                    throw new BadHttpRequestException(418, "refused");
                })
                .get("/ok", ctx -> ctx.response().send("fine")));
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void exceptionBeforeTheResponseStartsIs500AndClosesTheConnection(Combination c) throws Exception {
        try (ServerFixture server = failing(c); RawConnection conn = server.connect()) {
            conn.send("GET /boom HTTP/1.1\r\nHost: a\r\n\r\n");
            RawResponse response = conn.readFinal();
            assertEquals(500, response.status());
            assertEquals("0", response.header("content-length"));
            assertEquals(0, response.body().length);
            assertEquals(null, response.header("x-partial"), "headers of the failed response are dropped");
            conn.awaitClosed(Duration.ofSeconds(10));
        }
    }

    @HttpTest
    void exceptionBeforeTheResponseStartsIs500WithoutDetails(Combination c) throws Exception {
        try (ServerFixture server = failing(c)) {
            // Through an independent client: no trace of the exception.
            Curl.Result curl = server.curl("-i", server.uri("/boom").toString());
            assertTrue(curl.ok().matches("(?s)HTTP/(1\\.1|2) 500 .*"), curl.stdout());
            assertFalse(curl.stdout().contains("secret"), curl.stdout());
            assertFalse(curl.stdout().contains("Exception"), curl.stdout());
            assertFalse(curl.stdout().contains("x-partial"), "headers of the failed response are dropped");

            HttpResponse<String> jdk = server.get("/boom");
            assertEquals(500, jdk.statusCode());
            assertEquals("", jdk.body());
            assertEquals(418, server.get("/teapot").statusCode());
            assertEquals("fine", server.get("/ok").body());
        }
    }

    private static ServerFixture failingHalfWay(Combination c) {
        return c.serve(app -> app.get("/half", ctx -> {
            ctx.response().write("the beginning");
            ctx.response().flush();
            throw new IllegalStateException("failed half way");
        }));
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void exceptionAfterTheResponseStartedAbortsTheConnection(Combination c) throws Exception {
        try (ServerFixture server = failingHalfWay(c); RawConnection conn = server.connect()) {
            conn.send("GET /half HTTP/1.1\r\nHost: a\r\n\r\n");
            // Status 200 went out with a chunked body that never ends: the client must see the
            // truncation rather than a complete response.
            IOException truncated = assertThrows(IOException.class, conn::read);
            assertTrue(truncated instanceof EOFException || truncated instanceof java.net.SocketException,
                    truncated.toString());
        }
    }

    @HttpTest
    void exceptionAfterTheResponseStartedIsSeenAsATruncatedResponse(Combination c) throws Exception {
        try (ServerFixture server = failingHalfWay(c)) {
            Curl.Result curl = server.curl(server.uri("/half").toString());
            assertEquals(c.protocol().curlTruncatedExit(), curl.exitCode(),
                    "curl reports the response cut short: " + curl.stderr());
            assertThrows(IOException.class, () -> server.get("/half"));
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void abortSignalFiresWhenTheClientDisconnects(Combination c) throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        CountDownLatch abortCallback = new CountDownLatch(1);
        AtomicInteger invocations = new AtomicInteger();
        try (ServerFixture server = c.serve(app -> {
                app.post("/upload", ctx -> {
                    invocations.incrementAndGet();
                    ctx.aborted().onAbort(abortCallback::countDown);
                    byte[] buffer = new byte[100];
                    try {
                        int n = ctx.request().body().read(buffer);
                        reading.countDown();
                        while (n >= 0) {
                            n = ctx.request().body().read(buffer);
                        }
                        outcome.complete("read to the end");
                    } catch (RequestAbortedException e) {
                        outcome.complete("aborted " + ctx.aborted().isAborted());
                        throw e;
                    }
                });
                app.get("/", ctx -> ctx.response().send("still serving"));
            })) {
            try (RawConnection conn = server.connect()) {
                conn.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\nfirst bytes");
                if (c.handlersMayBlock()) {
                    assertTrue(reading.await(10, TimeUnit.SECONDS), "the handler started reading");
                }
            } // the client goes away half way through its body
            if (c.handlersMayBlock()) {
                assertEquals("aborted true", outcome.get(10, TimeUnit.SECONDS));
                assertTrue(abortCallback.await(10, TimeUnit.SECONDS), "onAbort callbacks ran");
            } else {
                // Inline scheduling runs the pipeline once the body is complete: it never will be.
                assertEquals("still serving", server.get("/").body());
                assertEquals(0, invocations.get());
            }
            assertEquals("still serving", server.get("/").body());
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void abortSignalFiresWhenTheClientLeavesDuringTheResponse(Combination c) throws Exception {
        CountDownLatch aborted = new CountDownLatch(1);
        CompletableFuture<Throwable> writeFailure = new CompletableFuture<>();
        try (ServerFixture server = c.serve(app -> app
                .get("/endless", ctx -> {
                    ctx.aborted().onAbort(aborted::countDown);
                    byte[] chunk = new byte[16 * 1024];
                    try {
                        for (;;) {
                            ctx.response().write(chunk);
                            ctx.response().flush();
                        }
                    } catch (IOException e) {
                        writeFailure.complete(e);
                        throw e;
                    }
                })
                .get("/complete", ctx -> {
                    ctx.aborted().onAbort(aborted::countDown);
                    ctx.response().send("x".repeat(1000));
                }))) {
            if (c.handlersMayBlock()) {
                try (RawConnection conn = server.connect()) {
                    conn.send("GET /endless HTTP/1.1\r\nHost: a\r\n\r\n");
                    conn.readExactly(100);
                } // the client leaves while the response is being written
                assertTrue(aborted.await(10, TimeUnit.SECONDS), "onAbort ran after the client left");
                assertTrue(writeFailure.get(10, TimeUnit.SECONDS) instanceof RequestAbortedException);
            } else {
                // An inline handler cannot write without end; a completed request is not aborted
                // when its client leaves afterwards.
                try (RawConnection conn = server.connect()) {
                    conn.send("GET /complete HTTP/1.1\r\nHost: a\r\n\r\n");
                    assertEquals(1000, conn.readFinal().body().length);
                }
                assertFalse(aborted.await(300, TimeUnit.MILLISECONDS), "a completed request is not aborted");
            }
        }
    }

    @HttpTest
    void applicationCanAbortTheRequest(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app
                .get("/reset", ctx -> ctx.abort())
                .get("/", ctx -> ctx.response().send("still serving")))) {
            assertThrows(IOException.class, () -> server.get("/reset"));
            assertEquals("still serving", server.get("/").body());
        }
    }
}
