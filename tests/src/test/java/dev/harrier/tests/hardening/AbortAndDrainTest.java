package dev.harrier.tests.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.http.RequestAbortedException;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.RawResponse;
import dev.harrier.tests.support.ServerFixture;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A client leaving mid-body, and bodies the application never reads. */
class AbortAndDrainTest {

    private static ServerFixture server(Combination c, CompletableFuture<Throwable> readFailure, CountDownLatch aborted) {
        return c.serve(app -> {
            app.post("/read", ctx -> {
                ctx.aborted().onAbort(aborted::countDown);
                try {
                    ctx.request().readAllBytes();
                    readFailure.complete(null);
                } catch (IOException e) {
                    readFailure.complete(e);
                    throw e;
                }
                ctx.response().send("read");
            });
            app.post("/ignore", ctx -> ctx.response().send("ignored"));
            app.get("/", ctx -> ctx.response().send("ok"));
        });
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void clientLeavingMidBodyAbortsTheRequest(Combination c) throws Exception {
        CompletableFuture<Throwable> readFailure = new CompletableFuture<>();
        CountDownLatch aborted = new CountDownLatch(1);
        try (ServerFixture server = server(c, readFailure, aborted)) {
            try (RawConnection conn = server.connect()) {
                conn.send("POST /read HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n" + "x".repeat(50_000));
                Thread.sleep(200);
            }
            if (c.handlersMayBlock()) {
                assertTrue(aborted.await(10, TimeUnit.SECONDS), "the abort signal fired");
                assertTrue(readFailure.get(10, TimeUnit.SECONDS) instanceof RequestAbortedException,
                        "the body read failed with RequestAbortedException");
            } else {
                // Inline scheduling runs the handler once the body is complete: it never will be.
                assertTrue(!readFailure.isDone());
            }
            try (RawConnection conn = server.connect()) {
                conn.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals("ok", conn.readFinal().bodyText());
            } // LeakCheck fails the test if a buffer of the aborted body was not released
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void smallUnreadBodyIsDrainedAndTheConnectionKept(Combination c) throws Exception {
        try (ServerFixture server = server(c, new CompletableFuture<>(), new CountDownLatch(1));
             RawConnection conn = server.connect()) {
            conn.send("POST /ignore HTTP/1.1\r\nHost: a\r\nContent-Length: 60000\r\n\r\n" + "x".repeat(60_000));
            RawResponse response = conn.readFinal();
            assertEquals("ignored", response.bodyText());
            assertNull(response.header("connection"), "kept alive");
            conn.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("ok", conn.readFinal().bodyText(), "the unread body was drained, not read as a request");
        }
    }

    @HttpTest(requires = {Capability.TCP_SOCKETS, Capability.HTTP1_WIRE}) // closes right after answering: see Capability
    void largeUnreadBodyClosesTheConnectionAfterACompleteResponse(Combination c) throws Exception {
        try (ServerFixture server = server(c, new CompletableFuture<>(), new CountDownLatch(1))) {
            byte[] body = new byte[4_000_000]; // more than maxRequestBufferSize: it cannot all arrive unread
            try (RawConnection conn = server.connect()) {
                conn.send("POST /ignore HTTP/1.1\r\nHost: a\r\nContent-Length: " + body.length + "\r\n\r\n");
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        conn.send(body);
                    } catch (IOException closed) {
                        // the server stops reading: expected
                    }
                });
                RawResponse response = conn.readFinal();
                assertEquals("ignored", response.bodyText(), "the response is complete");
                if (c.handlersMayBlock()) {
                    // The handler sent its response before the server knew the body would be
                    // left unread, so no Connection: close; the connection closes after it.
                    assertEquals(0, conn.awaitClosed(Duration.ofSeconds(10)).length);
                } else {
                    // Inline scheduling reads the whole body before the handler: nothing is left.
                    conn.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                    assertEquals("ok", conn.readFinal().bodyText());
                }
                writer.join(10_000);
            }
            try (RawConnection conn = server.connect()) {
                conn.send("POST /ignore HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1000\r\n"
                        + "y".repeat(4096) + "\r\n");
                if (c.handlersMayBlock()) {
                    RawResponse response = conn.readFinal();
                    assertEquals("ignored", response.bodyText(), "the response is complete");
                    assertEquals(0, conn.awaitClosed(Duration.ofSeconds(10)).length,
                            "a chunked body of unknown length is not drained");
                } else {
                    conn.send("0\r\n\r\n");
                    assertEquals("ignored", conn.readFinal().bodyText());
                }
            }
        }
    }
}
