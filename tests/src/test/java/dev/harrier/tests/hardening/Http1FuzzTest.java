package dev.harrier.tests.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.harrier.http.DataRate;
import dev.harrier.kernel.Scheduling;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.WireProtocol;
import dev.harrier.tests.support.ServerFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Feeds arbitrary bytes to the HTTP/1.1 request path of a real server over a real socket.
 * Whatever the bytes, the server must answer or close within a bound (no hang), no failure
 * may escape into the server ({@code counters().unexpectedErrors()} stays 0) and no buffer may
 * leak ({@code LeakCheck}). Without {@code JAZZER_FUZZ} it replays the seeds in
 * {@code Http1FuzzTestInputs/requestBytes}; see tests/README.md for a fuzzing session.
 */
class Http1FuzzTest {

    /** Longer than every timeout the server is given below, so only a hang reaches it. */
    private static final int HANG_MILLIS = 8_000;

    private static ServerFixture server;

    @BeforeAll
    static void startServer() {
        server = new Combination("nio", Scheduling.VIRTUAL_THREADS, WireProtocol.HTTP1).serve(app -> {
            app.limits()
                    .keepAliveTimeout(Duration.ofMillis(300))
                    .requestHeadersTimeout(Duration.ofMillis(500))
                    .minRequestBodyDataRate(new DataRate(1_000, Duration.ofSeconds(1)))
                    .maxRequestBodySize(64 * 1024);
            app.get("/", ctx -> ctx.response().send("ok"));
            app.post("/echo", ctx -> ctx.response().send(ctx.request().readAllBytes()));
        });
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @FuzzTest(maxDuration = "60s")
    void requestBytes(byte[] input) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(HANG_MILLIS);
            socket.getOutputStream().write(input);
            readToEnd(socket.getInputStream());
        } catch (SocketTimeoutException hang) {
            fail("The server neither answered nor closed within " + HANG_MILLIS + " ms");
        } catch (SocketException reset) {
            // The server may reset a connection whose bytes it refused: an answer too.
        }
        assertEquals(0, server.app().counters().unexpectedErrors(), "failures escaped into the server");
    }

    private static void readToEnd(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        while (in.read(buffer) >= 0) {
            // The server closes every connection in the end: after a timeout at the latest.
        }
    }
}
