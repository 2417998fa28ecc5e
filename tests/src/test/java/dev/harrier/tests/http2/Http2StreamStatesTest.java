package dev.harrier.tests.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harrier.kernel.HttpProtocols;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.H2Peer;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.ServerFixture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The stream states of RFC 9113 §5.1, against frames written by python3-h2's peer: each rule
 * {@value #TIMES} times over on connections of its own, interleaved with the others, so a race
 * between the client's frame and the server's own progress on the stream cannot hide. The
 * handlers answer only once the request has ended (or, for {@code /hold}, once the exchange is
 * aborted), so every case has one right answer.
 */
class Http2StreamStatesTest {

    private static final int TIMES = 20;

    /** Each case and the server's one right answer (GOAWAY and RST_STREAM error codes). */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        // A frame on a stream that ended both ways is a connection error STREAM_CLOSED.
        EXPECTED.put("closed-normally", "goaway=5");
        EXPECTED.put("data-after-end", "goaway=5");
        // A new stream below one already opened is a connection error PROTOCOL_ERROR (§5.1.1).
        EXPECTED.put("lower-id", "goaway=1");
        EXPECTED.put("lower-id-while-open", "goaway=1");
        // A pseudo-header field in trailers is malformed (§8.1): stream error PROTOCOL_ERROR.
        EXPECTED.put("trailers-pseudo", "rst=1_then_status=200");
        // After the client's RST_STREAM, a frame is a stream error STREAM_CLOSED ...
        EXPECTED.put("data-after-client-reset", "rst=5");
        // ... and after the server's, what the client had in flight is discarded.
        EXPECTED.put("data-after-server-reset", "ignored");
    }

    /** Needs a handler that waits: a second HEADERS on a half-closed (remote) stream is STREAM_CLOSED. */
    private static final String HALF_CLOSED = "half-closed-headers";

    private static ServerFixture server(Combination c) {
        return c.serve(app -> app
                .get("/", ctx -> ctx.response().send("ok"))
                .post("/echo", ctx -> ctx.response().send(ctx.request().readString()))
                .get("/hold", ctx -> {
                    CountDownLatch aborted = new CountDownLatch(1);
                    ctx.aborted().onAbort(aborted::countDown);
                    aborted.await(10, TimeUnit.SECONDS);
                    ctx.response().send("held");
                }));
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void everyStreamStateRuleHoldsEveryTime(Combination c) throws Exception {
        List<String> cases = new ArrayList<>(EXPECTED.keySet());
        Map<String, String> expected = new TreeMap<>(EXPECTED);
        if (c.handlersMayBlock()) {
            cases.add(HALF_CLOSED);
            expected.put(HALF_CLOSED, "rst=5_then_status=200");
        }
        List<String> args = new ArrayList<>(List.of(Integer.toString(TIMES)));
        args.addAll(cases);
        try (ServerFixture server = server(c);
             H2Peer peer = H2Peer.start(server, "stream-states", args.toArray(String[]::new))) {
            Map<String, Map<String, Integer>> seen = new TreeMap<>();
            for (Map<String, String> k : peer.all("case")) {
                seen.computeIfAbsent(k.get("name"), n -> new TreeMap<>()).merge(k.get("outcome"), 1, Integer::sum);
            }
            Map<String, Map<String, Integer>> always = new TreeMap<>();
            expected.forEach((name, outcome) -> always.put(name, Map.of(outcome, TIMES)));
            assertEquals(always, seen, "the outcome of each case, and how often");
            assertEquals(0, server.app().counters().unexpectedErrors());
        }
    }

    /**
     * Where HTTP/2 shares a cleartext port with HTTP/1.1, only the exact connection preface
     * selects HTTP/2: anything else is HTTP/1.1's, which refuses the request line
     * {@code PRI * HTTP/2.0} with 505. Where HTTP/2 is alone, a wrong preface is a connection
     * error PROTOCOL_ERROR, answered with GOAWAY (RFC 9113 §3.4).
     */
    @HttpTest(requires = {Capability.HTTP2_WIRE, Capability.CLEARTEXT_WIRE})
    void aWrongPrefaceIsAnsweredByTheProtocolThePortServes(Combination c) throws Exception {
        try (ServerFixture shared = server(c); H2Peer peer = H2Peer.start(shared, "bad-preface")) {
            assertEquals("505", peer.expect("answer").get("http1"));
        }
        try (ServerFixture http2Only = c.serve(app -> {
                app.options().protocols(HttpProtocols.parse("Http2"));
                app.get("/", ctx -> ctx.response().send("ok"));
            });
             H2Peer peer = H2Peer.start(http2Only, "bad-preface")) {
            assertEquals("1", peer.expect("answer").get("goaway"));
        }
    }
}
