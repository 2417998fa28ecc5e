package dev.harrier.tests.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.harrier.kernel.Scheduling;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.WireProtocol;
import dev.harrier.tests.support.ServerFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

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
        server = new Combination("nio", Scheduling.VIRTUAL_THREADS, WireProtocol.HTTP1).serve(FuzzedServer::configure);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** A fuzzing session is one call of the target: it outlasts the default timeout of a test. */
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    @FuzzTest(maxDuration = "60s")
    void requestBytes(byte[] input) throws IOException {
        // The target's own connection to the server is what it tests, not a request forgery.
        try (SilentCloseable loopback = BugDetectors.allowNetworkConnections(
                (host, port) -> port == server.port() && isLoopback(host));
             Socket socket = new Socket("127.0.0.1", server.port())) {
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

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void readToEnd(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        while (in.read(buffer) >= 0) {
            // The server closes every connection in the end: after a timeout at the latest.
        }
    }
}
