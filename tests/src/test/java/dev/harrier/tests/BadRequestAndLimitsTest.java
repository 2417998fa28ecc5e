package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.kernel.HttpProtocols;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.RawResponse;
import dev.harrier.tests.support.ServerFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Limits and requests the server refuses; each refusal has its status and closes when it must. */
class BadRequestAndLimitsTest {

    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(10);

    private static ServerFixture server(Combination c) {
        return c.serve(app -> {
            app.limits().maxRequestBodySize(100);
            app.post("/upload", ctx -> ctx.response().send("got " + ctx.request().readAllBytes().length));
            app.post("/small", ctx -> {
                ctx.request().maxBodySize(10);
                ctx.response().send("got " + ctx.request().readAllBytes().length);
            });
            app.post("/unlimited", ctx -> {
                ctx.request().maxBodySize(-1);
                ctx.response().send("got " + ctx.request().readAllBytes().length);
            });
            app.get("/", ctx -> ctx.response().send("ok"));
        });
    }

    /**
     * Sends a request, expects a response with that status and the connection closed after it.
     * Its tests need {@link Capability#TCP_SOCKETS}: a response written right before a close.
     */
    private static RawResponse refused(ServerFixture server, String request, int status) throws Exception {
        try (RawConnection conn = server.connect()) {
            conn.send(request);
            RawResponse response = conn.readFinal();
            assertEquals(status, response.status(), request);
            assertEquals("close", response.header("connection"));
            assertEquals("", new String(conn.awaitClosed(CLOSE_WITHIN), StandardCharsets.ISO_8859_1),
                    "nothing after the refusal");
            return response;
        }
    }

    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.TCP_SOCKETS})
    void declaredBodyOverTheLimitIs413(Combination c) throws Exception {
        try (ServerFixture server = server(c)) {
            refused(server, "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 101\r\n\r\n" + "x".repeat(101), 413);
            try (RawConnection conn = server.connect()) {
                conn.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n" + "x".repeat(100));
                assertEquals("got 100", conn.readFinal().bodyText());
            }
            Curl.Result curl = server.curl("-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "x".repeat(500),
                    server.uri("/upload").toString());
            assertEquals("413", curl.stdout());
        }
    }

    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.TCP_SOCKETS})
    void chunkedBodyOverTheLimitIs413(Combination c) throws Exception {
        try (ServerFixture server = server(c)) {
            String chunks = ("32\r\n" + "y".repeat(50) + "\r\n").repeat(3) + "0\r\n\r\n";
            refused(server, "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks, 413);
            try (RawConnection conn = server.connect()) {
                String fits = ("32\r\n" + "y".repeat(50) + "\r\n").repeat(2) + "0\r\n\r\n";
                conn.send("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + fits);
                assertEquals("got 100", conn.readFinal().bodyText());
            }
        }
    }

    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.TCP_SOCKETS})
    void bodyLimitCanBeChangedPerRequest(Combination c) throws Exception {
        try (ServerFixture server = server(c)) {
            if (c.handlersMayBlock()) {
                refused(server, "POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n" + "x".repeat(11), 413);
                try (RawConnection conn = server.connect()) {
                    conn.send("POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n" + "x".repeat(10));
                    assertEquals("got 10", conn.readFinal().bodyText());
                    conn.send("POST /unlimited HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n" + "x".repeat(5000));
                    assertEquals("got 5000", conn.readFinal().bodyText());
                }
            } else {
                // Inline scheduling reads the body before the pipeline runs, so the limit can no
                // longer change (documented on HttpRequest.maxBodySize): the handler fails.
                try (RawConnection conn = server.connect()) {
                    conn.send("POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n" + "x".repeat(10));
                    assertEquals(500, conn.readFinal().status());
                }
            }
        }
    }

    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.TCP_SOCKETS})
    void requestLineTooLongIs414(Combination c) throws Exception {
        try (ServerFixture server = server(c)) {
            refused(server, "GET /" + "a".repeat(9 * 1024) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414);
            try (RawConnection conn = server.connect()) {
                conn.send("GET /?" + "a".repeat(7 * 1024) + " HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals(200, conn.readFinal().status(), "just under the default 8 KiB limit");
            }
        }
    }

    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.TCP_SOCKETS})
    void headersTooLargeOrTooManyAre431(Combination c) throws Exception {
        try (ServerFixture server = server(c)) {
            refused(server, "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + "b".repeat(33 * 1024) + "\r\n\r\n", 431);
            StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
            for (int i = 0; i < 100; i++) {
                many.append("X-H").append(i).append(": v\r\n");
            }
            refused(server, many + "\r\n", 431);
            try (RawConnection conn = server.connect()) {
                StringBuilder enough = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
                for (int i = 0; i < 99; i++) {
                    enough.append("X-H").append(i).append(": v\r\n");
                }
                conn.send(enough + "\r\n");
                assertEquals(200, conn.readFinal().status(), "100 header fields are allowed");
            }
        }
    }

    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.TCP_SOCKETS})
    void malformedRequestsAre400AndCloseTheConnection(Combination c) throws Exception {
        try (ServerFixture server = server(c)) {
            refused(server, "GET / HTTP/1.1\r\nHost: a\r\nNo colon here\r\n\r\n", 400);
            refused(server, "GET / HTTP/1.1\r\n\r\n", 400); // HTTP/1.1 without Host
            refused(server, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400);
            refused(server, "GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n", 400);
            refused(server, "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400);
            refused(server, "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400);
            refused(server, "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n", 400);
        }
    }

    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.TCP_SOCKETS})
    void ambiguousFramingIsRejected(Combination c) throws Exception {
        try (ServerFixture server = server(c)) {
            // Content-Length with Transfer-Encoding: the classic request-smuggling shape.
            refused(server, "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n", 400);
        }
    }

    /**
     * RFC 9112 section 6.1: the server implements no transfer coding but {@code chunked}, so
     * one before it is 501; section 6.3: a request whose last coding is not {@code chunked} has
     * no length the server can know, so it is 400. Either way the body cannot be framed and the
     * connection closes, before the request that follows it.
     */
    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.TCP_SOCKETS})
    void transferCodingsOtherThanChunkedAreRefused(Combination c) throws Exception {
        try (ServerFixture server = server(c)) {
            String chunks = "5\r\nhello\r\n0\r\n\r\n";
            String next = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
            refused(server, "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                    + chunks + next, 501);
            refused(server, "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + chunks + next, 501);
            refused(server, "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\nhello" + next, 400);
            refused(server, "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"
                    + chunks + next, 400);
            Curl.Result curl = server.curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "Transfer-Encoding: gzip, chunked",
                    "--data-binary", "hello", server.uri("/upload").toString());
            assertEquals("501", curl.stdout());
            try (RawConnection conn = server.connect()) {
                conn.send("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: , Chunked\r\n\r\n" + chunks);
                assertEquals("got 5", conn.readFinal().bodyText(), "chunked alone, in any case, with an empty element");
            }
        }
    }

    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.TCP_SOCKETS})
    void unsupportedVersionIs505(Combination c) throws Exception {
        try (ServerFixture server = server(c)) {
            refused(server, "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505);
            refused(server, "GET / HTTP/3.0\r\nHost: a\r\n\r\n", 505);
        }
        // The HTTP/2 preface reads as an HTTP/2.0 request where HTTP/2 is not served (where it
        // is, it starts HTTP/2: see Http2PeersTest).
        try (ServerFixture http1Only = c.serve(app -> app.options().protocols(HttpProtocols.parse("Http1")))) {
            refused(http1Only, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505);
        }
    }

    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.TCP_SOCKETS})
    void garbageIsRefusedWithoutHarm(Combination c) throws Exception {
        try (ServerFixture server = server(c)) {
            try (RawConnection conn = server.connect()) {
                conn.send("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003 not http at all\r\n\r\n");
                RawResponse response = conn.readFinal();
                assertTrue(response.status() == 400, response.toString());
                conn.awaitClosed(CLOSE_WITHIN);
            }
            assertEquals("ok", server.get("/").body(), "the server is unharmed");
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void errorAfterPipelinedRequestsComesAfterTheirResponses(Combination c) throws Exception {
        try (ServerFixture server = server(c); RawConnection conn = server.connect()) {
            conn.send("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/9.9\r\nHost: a\r\n\r\n");
            assertEquals("ok", conn.readFinal().bodyText());
            assertEquals("ok", conn.readFinal().bodyText());
            assertEquals(505, conn.readFinal().status());
            conn.awaitClosed(CLOSE_WITHIN);
        }
    }
}
