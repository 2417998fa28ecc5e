package dev.harrier.tests.hardening;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.harrier.tests.support.InProcessFuzzing;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Arbitrary bytes to the HTTP/1.1 request path, in process ({@link InProcessFuzzing}): no socket
 * round trip per input, so a fuzzing session explores the parser and the kernel's request
 * handling at thousands of inputs a second. The server must close or time out every connection,
 * no failure may escape into it and no buffer may leak. {@link Http1FuzzTest} is the same over a
 * real socket, slower. Without {@code JAZZER_FUZZ} it replays the seeds in
 * {@code Http1InProcessFuzzTestInputs/requestBytes}; see tests/README.md for a session.
 */
class Http1InProcessFuzzTest {

    private static final byte[] NOTHING = new byte[0];

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
    void requestBytes(byte[] input) throws InterruptedException {
        server.feed(NOTHING, input);
    }
}
