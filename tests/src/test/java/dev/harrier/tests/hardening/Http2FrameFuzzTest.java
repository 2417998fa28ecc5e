package dev.harrier.tests.hardening;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.harrier.tests.support.InProcessFuzzing;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Arbitrary frames to the HTTP/2 frame path, in process ({@link InProcessFuzzing}): each input
 * follows the client's connection preface and an empty SETTINGS frame on a cleartext connection
 * (prior knowledge), so it reaches the frame codec, the server's defences and the streams'
 * dispatch at once. The server must close or time out every connection, no failure may escape
 * into it and no buffer may leak. Without {@code JAZZER_FUZZ} it replays the seeds in
 * {@code Http2FrameFuzzTestInputs/frames} (requests, bodies, trailers, resets, control frames,
 * CONTINUATION); see tests/README.md for a session.
 */
class Http2FrameFuzzTest {

    private static final byte[] PREFACE_AND_SETTINGS = concat(
            ByteBufUtil.getBytes(Http2CodecUtil.connectionPrefaceBuf()), new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});

    private static InProcessFuzzing server;

    @BeforeAll
    static void startServer() {
        server = InProcessFuzzing.start(FuzzedServer::configure);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** A fuzzing session is one call of the target: it outlasts the default timeout of a test. */
    @Timeout(value = 11, unit = TimeUnit.MINUTES)
    @FuzzTest(maxDuration = "10m")
    void frames(byte[] input) throws InterruptedException {
        server.feed(PREFACE_AND_SETTINGS, input);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
