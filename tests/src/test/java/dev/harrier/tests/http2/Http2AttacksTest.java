package dev.harrier.tests.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.http.DataRate;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.H2Peer;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.ServerFixture;
import java.time.Duration;
import java.util.Map;

/**
 * The known attacks on HTTP/2 servers, each sent by python3-h2 or as raw frames: each must end
 * its connection (GOAWAY with ENHANCE_YOUR_CALM, or a close when the client does not read)
 * and leave the server serving everyone else.
 */
class Http2AttacksTest {

    private static ServerFixture server(Combination c) {
        return c.serve(app -> {
            app.limits().minResponseDataRate(new DataRate(240, Duration.ofSeconds(1)));
            app.get("/", ctx -> ctx.response().send("ok"));
            app.post("/", ctx -> ctx.response().send("got " + ctx.request().readAllBytes().length));
            app.get("/big", ctx -> {
                byte[] chunk = new byte[64 * 1024];
                int chunks = Integer.parseInt(ctx.request().queryParameter("chunks"));
                for (int i = 0; i < chunks; i++) {
                    ctx.response().write(chunk);
                }
            });
        });
    }

    /** Runs the attack on its own connection; the server must end it and still answer others. */
    private static Map<String, String> attack(Combination c, String... scenario) throws Exception {
        try (ServerFixture server = server(c);
             H2Peer peer = H2Peer.start(server.port(), scenario[0], java.util.Arrays.copyOfRange(scenario, 1, scenario.length))) {
            Map<String, String> outcome = peer.expect("attack", Duration.ofSeconds(60));
            assertEquals("ok", server.curl(server.uri("/").toString()).ok(), "the server serves others");
            assertEquals(0, server.app().counters().unexpectedErrors());
            return outcome;
        }
    }

    /**
     * GOAWAY(ENHANCE_YOUR_CALM), or the server closed the connection before the client could read
     * the GOAWAY (a client that keeps writing without reading has its connection reset).
     */
    private static void endedByTheServer(Map<String, String> outcome) {
        boolean goAway = "11".equals(outcome.get("goaway"));
        boolean closed = "closed".equals(outcome.get("name"));
        assertTrue(goAway || closed, "the server ended the connection: " + outcome);
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void rapidReset(Combination c) throws Exception {
        endedByTheServer(attack(c, "rapid-reset", "2000"));
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void madeYouReset(Combination c) throws Exception {
        endedByTheServer(attack(c, "made-you-reset", "2000"));
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void continuationFlood(Combination c) throws Exception {
        endedByTheServer(attack(c, "continuation-flood", "20000"));
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void emptyDataFrames(Combination c) throws Exception {
        endedByTheServer(attack(c, "empty-data-flood", "1000"));
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void priorityFlood(Combination c) throws Exception {
        endedByTheServer(attack(c, "priority-flood", "100000"));
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void pingFlood(Combination c) throws Exception {
        endedByTheServer(attack(c, "control-flood", "ping", "200000"));
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void settingsFlood(Combination c) throws Exception {
        endedByTheServer(attack(c, "control-flood", "settings", "200000"));
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void hpackBombIsRefusedWithoutDecodingIt(Combination c) throws Exception {
        Map<String, String> outcome = attack(c, "hpack-bomb");
        assertEquals("status=200", outcome.get("first"), "the large field itself is allowed once");
        assertTrue(outcome.get("bomb").equals("status=431") || outcome.get("bomb").startsWith("goaway="),
                "a thousand references to it are not: " + outcome);
    }

    @HttpTest(requires = Capability.HTTP2_WIRE)
    void zeroWindowHoldIsCutByTheMinimumResponseRate(Combination c) throws Exception {
        if (c.handlersMayBlock()) {
            Map<String, String> outcome = attack(c, "zero-window", "/big?chunks=64", "20", "15");
            assertEquals("20", outcome.get("reset"), "every stream held at a zero window is reset: " + outcome);
        } else {
            // Inline handlers queue their whole response without waiting (documented), so the
            // kernel's rate, enforced while the application waits to write, does not apply; as
            // every waiting response is stuck, the connection ends instead (ZERO_WINDOW, see
            // hardening.Http2AttackTest), and no stream is reset on its own.
            Map<String, String> outcome = attack(c, "zero-window", "/big?chunks=4", "20", "3");
            assertEquals("0", outcome.get("reset"), outcome.toString());
        }
    }
}
