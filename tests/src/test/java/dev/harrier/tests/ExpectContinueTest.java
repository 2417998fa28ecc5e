package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.RawResponse;
import dev.harrier.tests.support.ServerFixture;
import java.time.Duration;

/** {@code Expect: 100-continue}: the client waits for the server's go-ahead before sending the body. */
class ExpectContinueTest {

    private static ServerFixture server(Combination c) {
        return c.serve(app -> {
            app.limits().maxRequestBodySize(1000);
            app.post("/upload", ctx -> ctx.response().send("got " + ctx.request().readString()));
            app.post("/forbidden", ctx -> ctx.response().send(403, "no uploads here"));
        });
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void continueIsSentWhenTheHandlerReadsTheBody(Combination c) throws Exception {
        try (ServerFixture server = server(c); RawConnection conn = server.connect()) {
            conn.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawResponse interim = conn.read();
            assertEquals(100, interim.status());
            conn.send("hello");
            RawResponse response = conn.readFinal();
            assertEquals(200, response.status());
            assertEquals("got hello", response.bodyText());
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void handlerThatDoesNotReadAnswersWithoutContinue(Combination c) throws Exception {
        try (ServerFixture server = server(c); RawConnection conn = server.connect()) {
            conn.send("POST /forbidden HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawResponse response = conn.read();
            if (c.handlersMayBlock()) {
                assertEquals(403, response.status(), "the body was never asked for: no 100 Continue");
            } else {
                // Inline scheduling reads every body before the pipeline runs (documented):
                // the go-ahead comes first.
                assertEquals(100, response.status());
                conn.send("hello");
                response = conn.readFinal();
                assertEquals(403, response.status());
            }
            assertEquals("no uploads here", response.bodyText());
            if (c.handlersMayBlock()) {
                // The server kept the connection without closing it, so it must still expect the
                // announced body: a client may send it, and then the connection carries on.
                assertTrue(response.header("connection") == null, "no Connection: close was announced");
                conn.send("hello");
            }
            conn.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc");
            assertEquals("got abc", conn.readFinal().bodyText());
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void declaredBodyOverTheLimitIsRefusedBeforeItIsSent(Combination c) throws Exception {
        try (ServerFixture server = server(c); RawConnection conn = server.connect()) {
            conn.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
            RawResponse response = conn.read();
            assertEquals(413, response.status(), "413 comes instead of 100 Continue");
            assertEquals("close", response.header("connection"));
            conn.awaitClosed(Duration.ofSeconds(10));
        }
    }

    @HttpTest
    void curlUploadsWithExpectContinue(Combination c) throws Exception {
        try (ServerFixture server = server(c)) {
            // curl asks for 100-continue itself for bodies over 1 MiB; force it for a small one.
            String out = server.curl("-H", "Expect: 100-continue", "--expect100-timeout", "20",
                    "--data-binary", "0123456789", server.uri("/upload").toString()).ok();
            assertEquals("got 0123456789", out);
        }
    }
}
