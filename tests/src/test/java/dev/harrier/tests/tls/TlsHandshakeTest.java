package dev.harrier.tests.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.kernel.ServerCounters;
import dev.harrier.app.WebApp;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.RawResponse;
import dev.harrier.tests.support.ServerFixture;
import dev.harrier.tests.support.TestCertificates;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLSocket;

/**
 * The TLS handshake is timed ({@code tlsHandshakeTimeout}) and counted: a client that connects
 * and sends nothing, or half a ClientHello, is closed after the timeout; handshakes under way
 * and failed ones show in {@code app.counters()}; a server that stops closes them at once.
 * The tests make their own HTTPS endpoint and speak to it with plain sockets before the
 * handshake: those that need no more than a transport and a scheduling mode take the cleartext
 * HTTP/1.1 combinations' ({@link Capability#CLEARTEXT_WIRE}), which a TLS combination would repeat.
 */
class TlsHandshakeTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.shared();
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private static ServerFixture serve(Combination c) {
        return serve(c, TIMEOUT);
    }

    private static ServerFixture serve(Combination c, Duration handshakeTimeout) {
        WebApp app = c.newApp();
        app.urls("https://127.0.0.1:0");
        app.limits().tlsHandshakeTimeout(handshakeTimeout);
        app.get("/", ctx -> ctx.response().send("ok"));
        return ServerFixture.start(CERTIFICATES.useFor(app));
    }

    private static void await(LongSupplier value, long expected, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (value.getAsLong() != expected && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        assertEquals(expected, value.getAsLong(), what);
    }

    @HttpTest(requires = Capability.TCP_SOCKETS)
    void aSilentClientIsClosedAfterTheHandshakeTimeoutAndCounted(Combination c) throws Exception {
        try (ServerFixture server = serve(c)) {
            ServerCounters counters = server.app().counters();
            try (RawConnection silent = server.connect(); RawConnection halfHello = server.connect()) {
                long start = System.nanoTime();
                halfHello.send(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
                await(counters::tlsHandshakesInProgress, 2, "two handshakes under way");
                silent.awaitClosed(Duration.ofSeconds(10));
                halfHello.awaitClosed(Duration.ofSeconds(10));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(took.compareTo(TIMEOUT.minusMillis(200)) >= 0, "closed only after the timeout: " + took);
            }
            await(counters::tlsHandshakesInProgress, 0, "none under way");
            await(counters::tlsHandshakesFailed, 2, "both failed");
            try (RawConnection tls = RawConnection.over(CERTIFICATES.connect(server.port(), null, CERTIFICATES.sslContext()))) {
                tls.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals("ok", tls.readFinal().bodyText());
                assertEquals(0, counters.tlsHandshakesInProgress(), "a completed handshake leaves the count");
                Thread.sleep(TIMEOUT.toMillis() + 500);
                tls.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals("ok", tls.readFinal().bodyText(), "the timeout covers the handshake only");
            }
            assertEquals(2, counters.tlsHandshakesFailed());
        }
    }

    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.CLEARTEXT_WIRE})
    void stoppingTheServerClosesASilentHandshakeAfterAShortGrace(Combination c) throws Exception {
        // The handshake timeout alone would take 30 s: the stop closes it after its 1 s grace.
        ServerFixture server = serve(c, Duration.ofSeconds(30));
        try (RawConnection pending = server.connect()) {
            await(server.app().counters()::tlsHandshakesInProgress, 1, "a handshake under way");
            long start = System.nanoTime();
            server.close();
            pending.awaitClosed(Duration.ofSeconds(20));
            Duration closedAfter = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(closedAfter.compareTo(Duration.ofSeconds(10)) < 0, "closed " + closedAfter + " after the stop");
        } finally {
            server.close();
        }
    }

    /**
     * A client that connected just before the server stopped (its handshake under way) completes
     * the handshake and gets its request served, with {@code Connection: close}, as on cleartext.
     */
    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.CLEARTEXT_WIRE})
    void aHandshakeUnderWayWhenTheServerStopsCompletesAndItsRequestIsServed(Combination c) throws Exception {
        ServerFixture server = serve(c);
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            await(server.app().counters()::tlsHandshakesInProgress, 1, "a handshake under way");
            Thread stop = Thread.ofVirtual().start(server::close);
            await(() -> server.app().lifetime().isReady() ? 1 : 0, 0, "stopping");
            SSLSocket tls = (SSLSocket) CERTIFICATES.sslContext().getSocketFactory()
                    .createSocket(plain, "127.0.0.1", server.port(), true);
            tls.setSoTimeout(10_000);
            tls.startHandshake();
            try (RawConnection conn = RawConnection.over(tls)) {
                conn.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                RawResponse response = conn.readFinal();
                assertEquals("ok", response.bodyText());
                // Served as the connection's last request: with Connection: close if the stop
                // reached the connection first, else the idle connection is closed right after.
                conn.awaitClosed(Duration.ofSeconds(10));
            }
            stop.join();
        } finally {
            server.close();
        }
    }
}
