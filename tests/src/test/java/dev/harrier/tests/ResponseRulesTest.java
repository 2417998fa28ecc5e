package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.http.HttpContext;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.LogCapture;
import dev.harrier.tests.support.ServerFixture;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The response rules the server applies on every protocol, seen by curl and the JDK client:
 * statuses without a body, HEAD, the handler's Content-Length held to the bytes it writes, the
 * informational statuses that are the server's own, trailers. (Date and Server are in
 * {@link RequestResponseTest}; HTTP/2's frames of these responses in {@code Http2FramesTest}.)
 */
class ResponseRulesTest {

    /** What curl saw of a response: its status, header (and trailer) fields, and how many body bytes came. */
    private record Seen(int status, Map<String, String> fields, long bodyBytes) {

        String field(String name) {
            return fields.get(name);
        }
    }

    /** GET with curl, which must succeed: a protocol error (HTTP/2: DATA on a 204 or 304) fails it. */
    private static Seen curlGet(ServerFixture server, String path) throws Exception {
        return seen(server.curl("-D", "-", "-o", "/dev/null", "-w", "size=%{size_download}",
                server.uri(path).toString()).ok());
    }

    /** HEAD with curl ({@code -I}), which must succeed. */
    private static Seen curlHead(ServerFixture server, String path) throws Exception {
        return seen(server.curl("-I", "-w", "size=%{size_download}", server.uri(path).toString()).ok());
    }

    private static Seen seen(String output) {
        String[] lines = output.split("\r?\n");
        Map<String, String> fields = new LinkedHashMap<>();
        long size = -1;
        for (String line : lines) {
            int colon = line.indexOf(": ");
            if (line.startsWith("size=")) {
                size = Long.parseLong(line.substring(5));
            } else if (colon > 0 && !line.startsWith("HTTP/")) {
                fields.putIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 2));
            }
        }
        return new Seen(Integer.parseInt(lines[0].split(" ")[1]), fields, size);
    }

    private static HttpResponse<String> jdkHead(ServerFixture server, String path) throws Exception {
        return server.send(HttpRequest.newBuilder(server.uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    /**
     * 204, 205 and 304 never carry a body, whatever the handler gives {@code send} or writes: 204
     * has no Content-Length (not even the handler's), 205 says {@code Content-Length: 0}, 304 keeps
     * the handler's. On HTTP/2 a body here would be DATA that curl refuses as a protocol error.
     */
    @HttpTest
    void bodiesOfStatusesWithoutContentAreNotSent(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app
                .get("/no-content", ctx -> {
                    ctx.response().status(204).headers().set("content-length", "7");
                    ctx.response().send("ignored");
                })
                .get("/no-content-streamed", ctx -> {
                    ctx.response().status(204);
                    ctx.response().write("ignored");
                    ctx.response().flush();
                    ctx.response().write("as well");
                })
                .get("/reset", ctx -> ctx.response().status(205).send("ignored"))
                .get("/not-modified", ctx -> {
                    ctx.response().status(304).headers().set("content-length", "12");
                    ctx.response().send("twelve bytes");
                })
                .get("/after", ctx -> ctx.response().send("next")))) {
            for (Bodiless expected : List.of(new Bodiless("/no-content", 204, null),
                    new Bodiless("/no-content-streamed", 204, null), new Bodiless("/reset", 205, "0"),
                    new Bodiless("/not-modified", 304, "12"))) {
                String path = expected.path();
                Seen curl = curlGet(server, path);
                assertEquals(expected.status(), curl.status(), path);
                assertEquals(0, curl.bodyBytes(), path);
                assertEquals(expected.length(), curl.field("content-length"), path);
                assertNull(curl.field("transfer-encoding"), path);

                HttpResponse<String> jdk = server.get(path);
                assertEquals(expected.status(), jdk.statusCode(), path);
                assertEquals("", jdk.body(), path);
                assertEquals(expected.length(), jdk.headers().firstValue("content-length").orElse(null), path);
                assertEquals("next", server.get("/after").body(), "the connection carries on after " + path);
            }
        }
    }

    /** A response without content: its path, status and the Content-Length it must say (or none). */
    private record Bodiless(String path, int status, String length) {
    }

    /**
     * A response to HEAD has no body and the Content-Length its GET has when sent whole: the
     * length of a body given to {@code send} or written in full before the response started, the
     * handler's own, none for a body that streamed or a handler that wrote nothing. A HEAD handler
     * that declares a length need not write the body.
     */
    @HttpTest
    void headHasTheLengthOfTheWholeBodyAndNoBody(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app
                .get("/doc", ctx -> ctx.response().send("twelve bytes"))
                .get("/written", ctx -> ctx.response().write("written whole"))
                .get("/nothing", ctx -> { })
                .get("/streamed", ctx -> {
                    ctx.response().write("part");
                    ctx.response().flush();
                    ctx.response().write("rest");
                })
                .get("/declared", ctx -> {
                    ctx.response().headers().set("content-length", "100");
                    if (!ctx.request().method().equals("HEAD")) {
                        ctx.response().write(new byte[100]);
                    }
                }))) {
            Map<String, String> lengths = new LinkedHashMap<>();
            lengths.put("/doc", "12");
            lengths.put("/written", "13");
            lengths.put("/streamed", null);
            lengths.put("/nothing", null);
            lengths.put("/declared", "100");
            for (Map.Entry<String, String> expected : lengths.entrySet()) {
                String path = expected.getKey();
                Seen head = curlHead(server, path);
                assertEquals(200, head.status(), path);
                assertEquals(0, head.bodyBytes(), path);
                assertEquals(expected.getValue(), head.field("content-length"), path);
                // A GET of a handler that writes nothing has an empty body, which HEAD does not claim.
                String get = path.equals("/nothing") ? "0" : expected.getValue();
                assertEquals(get, curlGet(server, path).field("content-length"), "GET " + path);

                HttpResponse<String> jdk = jdkHead(server, path);
                assertEquals(200, jdk.statusCode(), path);
                assertEquals("", jdk.body(), path);
                assertEquals(expected.getValue(), jdk.headers().firstValue("content-length").orElse(null), path);
            }
            assertEquals("twelve bytes", server.get("/doc").body(), "the connection carries on");
        }
    }

    /** Trailers go with a body: a bodiless response, or a response to HEAD, sends none. */
    @HttpTest
    void trailersAreNotSentWithoutABody(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app
                .get("/with-body", ResponseRulesTest::streamWithTrailer)
                .get("/no-content", ctx -> {
                    ctx.response().status(204);
                    streamWithTrailer(ctx);
                }))) {
            assertEquals("42", curlGet(server, "/with-body").field("x-checksum"), "curl shows trailers");
            Seen noContent = curlGet(server, "/no-content");
            assertEquals(204, noContent.status());
            assertNull(noContent.field("x-checksum"), noContent.toString());
            Seen head = curlHead(server, "/with-body");
            assertEquals(0, head.bodyBytes());
            assertNull(head.field("x-checksum"), head.toString());
        }
    }

    private static void streamWithTrailer(HttpContext ctx) throws IOException {
        ctx.response().trailers().set("x-checksum", "42");
        ctx.response().write("data");
        ctx.response().flush();
        ctx.response().write("more");
    }

    /**
     * More body than the handler's Content-Length fails the write that goes beyond it, as in
     * Kestrel; none of that write is sent. Before the response has started that is a 500; after,
     * the response is cut off (HTTP/1.1 closes the connection, HTTP/2 resets the stream).
     */
    @HttpTest
    void writingBeyondTheContentLengthFailsTheWrite(Combination c) throws Exception {
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        try (ServerFixture server = c.serve(app -> app
                .get("/sent-whole", ctx -> {
                    ctx.response().headers().set("content-length", "5");
                    failed(failures, () -> ctx.response().send("hello world"));
                })
                .get("/written", ctx -> {
                    ctx.response().headers().set("content-length", "5");
                    failed(failures, () -> ctx.response().write("hello world"));
                })
                .get("/streamed", ctx -> {
                    ctx.response().headers().set("content-length", "11");
                    ctx.response().write("hello,");
                    ctx.response().flush();
                    failed(failures, () -> ctx.response().write(" world!"));
                })
                .get("/exact", ctx -> {
                    ctx.response().headers().set("content-length", "12");
                    ctx.response().write("hello,");
                    ctx.response().flush();
                    ctx.response().write(" world");
                }))) {
            for (String path : List.of("/sent-whole", "/written")) {
                Seen refused = curlGet(server, path);
                assertEquals(500, refused.status(), path);
                assertEquals(0, refused.bodyBytes(), path);
                assertEquals("Response Content-Length mismatch: too many bytes written (11 of 5)", failures.poll(), path);
                assertEquals(500, server.get(path).statusCode());
                failures.clear();
            }
            Curl.Result cut = server.curl(server.uri("/streamed").toString());
            assertEquals(c.protocol().curlTruncatedExit(), cut.exitCode(), "cut off: " + cut.stderr());
            // What went out before the reset may be lost on HTTP/2; what went beyond the length never goes.
            assertTrue("hello,".startsWith(cut.stdout()), cut.stdout());
            assertEquals("Response Content-Length mismatch: too many bytes written (13 of 11)", failures.poll());
            assertThrows(IOException.class, () -> server.get("/streamed"));

            Seen exact = curlGet(server, "/exact");
            assertEquals(200, exact.status());
            assertEquals(12, exact.bodyBytes());
            assertEquals("12", exact.field("content-length"));
            assertNull(exact.field("transfer-encoding"), "a declared length is not chunked");
            assertEquals("hello, world", server.get("/exact").body());
        }
    }

    /**
     * Less body than the handler's Content-Length fails the response when it completes, as in
     * Kestrel: {@code send} and {@code complete()} throw, a handler that returns is logged as
     * failed; a 500 if nothing was sent yet, else the response is cut off.
     */
    @HttpTest
    void writingLessThanTheContentLengthFailsTheResponse(Combination c) throws Exception {
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        try (ServerFixture server = c.serve(app -> app
                .get("/sent-whole", ctx -> {
                    ctx.response().headers().set("content-length", "10");
                    failed(failures, () -> ctx.response().send("abc"));
                })
                .get("/completed", ctx -> {
                    ctx.response().headers().set("content-length", "10");
                    ctx.response().write("abc");
                    failed(failures, () -> ctx.response().complete());
                })
                .get("/nothing", ctx -> ctx.response().headers().set("content-length", "5"))
                .get("/streamed", ctx -> {
                    ctx.response().headers().set("content-length", "10");
                    ctx.response().write("abc");
                    ctx.response().flush();
                }));
             LogCapture log = LogCapture.start()) {
            for (String path : List.of("/sent-whole", "/completed")) {
                Seen refused = curlGet(server, path);
                assertEquals(500, refused.status(), path);
                assertEquals(0, refused.bodyBytes(), path);
                assertEquals("Response Content-Length mismatch: too few bytes written (3 of 10)", failures.poll(), path);
            }
            Seen nothing = curlGet(server, "/nothing");
            assertEquals(500, nothing.status());
            assertEquals(0, nothing.bodyBytes());
            assertEquals(500, server.get("/nothing").statusCode());

            Curl.Result cut = server.curl(server.uri("/streamed").toString());
            assertEquals(c.protocol().curlTruncatedExit(), cut.exitCode(), "cut off: " + cut.stderr());
            assertTrue("abc".startsWith(cut.stdout()), cut.stdout());
            assertThrows(IOException.class, () -> server.get("/streamed"));

            String logged = log.text();
            assertTrue(logged.contains("Response Content-Length mismatch: too few bytes written (0 of 5)"), logged);
            assertTrue(logged.contains("Response Content-Length mismatch: too few bytes written (3 of 10)"), logged);
        }
    }

    /**
     * A handler cannot send an informational status as its response: 100 Continue is the
     * server's (when the body is first read) and 101 Switching Protocols goes through
     * {@code HttpUpgradeFeature}. The status stays as it was.
     */
    @HttpTest
    void informationalStatusesAreTheServers(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.get("/", ctx -> {
                StringBuilder refused = new StringBuilder();
                for (int status : new int[] {100, 101, 103, 199}) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> ctx.response().status(status));
                    refused.append(status).append(e.getMessage().contains(Integer.toString(status)) ? " " : "? ");
                }
                ctx.response().send(refused + "then " + ctx.response().status());
            }))) {
            assertEquals(200, curlGet(server, "/").status());
            assertEquals("100 101 103 199 then 200", server.get("/").body());
        }
    }

    /** Runs an action that must fail with an {@link IllegalStateException}, records its message and rethrows it. */
    private static void failed(Queue<String> failures, ThrowingAction action) throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class, action::run);
        failures.add(e.getMessage());
        throw e;
    }

    @FunctionalInterface
    private interface ThrowingAction {
        void run() throws Exception;
    }
}
