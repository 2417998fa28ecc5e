package dev.harrier.tests.http3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.app.WebApp;
import dev.harrier.http.Attack;
import dev.harrier.kernel.HttpProtocols;
import dev.harrier.kernel.Scheduling;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.H3Wire;
import dev.harrier.tests.support.ServerFixture;
import dev.harrier.tests.support.WireProtocol;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.kwik.flupke.Http3Client;

/**
 * What HTTP/3 does with input well-behaved clients never send, written with Netty's QUIC client on
 * raw streams and with a plain UDP socket: each ends the stream or the connection with the code
 * RFC 9114 (and RFC 9204 for QPACK) prescribes, is counted, and the server goes on serving
 * everyone else.
 */
class Http3HostileInputTest {

    private static final int H3_FRAME_UNEXPECTED = 0x105;
    private static final int H3_STREAM_CREATION_ERROR = 0x103;
    private static final int QPACK_DECOMPRESSION_FAILED = 0x200;
    private static final int H3_EXCESSIVE_LOAD = 0x107;
    private static final int HEADERS = 0x01;
    private static final int DATA = 0x00;
    private static final int SETTINGS = 0x04;

    private static ServerFixture server;

    @BeforeAll
    static void start() {
        WebApp app = new Combination("epoll", Scheduling.VIRTUAL_THREADS, WireProtocol.H2_TLS).newApp();
        app.options().protocols(HttpProtocols.parse("Http1AndHttp2AndHttp3"));
        app.get("/", ctx -> ctx.response().send("still serving"));
        server = ServerFixture.start(app, WireProtocol.H2_TLS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void stillServes() throws Exception {
        HttpClient client = Http3Client.newBuilder().disableCertificateCheck().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port()
                + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("still serving", response.body());
        assertEquals(0, server.app().counters().unexpectedErrors());
    }

    /** The connection's end, as the client saw it: the server's close with an application error code. */
    private static QuicConnectionCloseEvent closedWith(H3Wire wire, int code) throws Exception {
        QuicConnectionCloseEvent close = wire.closed().get(10, TimeUnit.SECONDS);
        assertNotNull(close, "the server closed the connection without telling why");
        assertTrue(close.isApplicationClose(), close.toString());
        assertEquals(code, close.error(), close.toString());
        return close;
    }

    private static void countsOneMoreProtocolError(long before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.app().counters().protocolErrors() <= before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(server.app().counters().protocolErrors() > before, "counted");
    }

    @Test
    void dataBeforeHeadersEndsTheConnectionWithFrameUnexpected() throws Exception {
        long before = server.app().counters().protocolErrors();
        try (H3Wire wire = H3Wire.connect(server.port())) {
            wire.raw(QuicStreamType.BIDIRECTIONAL, H3Wire.frame(DATA, "abc".getBytes(StandardCharsets.US_ASCII)), true);
            closedWith(wire, H3_FRAME_UNEXPECTED);
        }
        countsOneMoreProtocolError(before);
        stillServes();
    }

    @Test
    void aSettingsFrameOnARequestStreamEndsTheConnectionWithFrameUnexpected() throws Exception {
        long before = server.app().counters().protocolErrors();
        try (H3Wire wire = H3Wire.connect(server.port())) {
            wire.raw(QuicStreamType.BIDIRECTIONAL, H3Wire.frame(SETTINGS, new byte[0]), true);
            closedWith(wire, H3_FRAME_UNEXPECTED);
        }
        countsOneMoreProtocolError(before);
        stillServes();
    }

    @Test
    void aBadQpackBlockEndsTheConnectionWithDecompressionFailed() throws Exception {
        long before = server.app().counters().protocolErrors();
        try (H3Wire wire = H3Wire.connect(server.port())) {
            byte[] garbage = {0x00, 0x00, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f};
            wire.raw(QuicStreamType.BIDIRECTIONAL, H3Wire.frame(HEADERS, garbage), true);
            closedWith(wire, QPACK_DECOMPRESSION_FAILED);
        }
        countsOneMoreProtocolError(before);
        stillServes();
    }

    /** Netty's codec ends this connection without raising the error, so it is not counted. */
    @Test
    void aSecondControlStreamEndsTheConnectionWithStreamCreationError() throws Exception {
        try (H3Wire wire = H3Wire.connect(server.port())) {
            byte[] control = {0x00, SETTINGS, 0x00};
            wire.raw(QuicStreamType.UNIDIRECTIONAL, control, false);
            closedWith(wire, H3_STREAM_CREATION_ERROR);
        }
        stillServes();
    }

    @Test
    void aPseudoHeaderFieldInTrailersResetsTheStreamWithMessageError() throws Exception {
        long before = server.app().counters().protocolErrors();
        try (H3Wire wire = H3Wire.connect(server.port())) {
            H3Wire.Exchange exchange = new H3Wire.Exchange();
            QuicStreamChannel stream = wire.request(exchange);
            stream.write(new DefaultHttp3HeadersFrame(wire.head("POST", "/")));
            stream.writeAndFlush(new DefaultHttp3HeadersFrame(new io.netty.handler.codec.http3.DefaultHttp3Headers(false)
                    .add(":path", "/again"))).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            assertEquals(false, exchange.ended().get(10, TimeUnit.SECONDS), "reset: " + exchange.frames());
            assertTrue(wire.connection().isActive(), "a stream error: the connection carries on");
        }
        countsOneMoreProtocolError(before);
        stillServes();
    }

    /** Rapid reset (CVE-2023-44487) as on HTTP/2: past 200 streams reset by the client within 30 s. */
    @Test
    void rapidResetEndsTheConnectionWithExcessiveLoadAndIsCounted() throws Exception {
        long before = server.app().counters().attacksStopped(Attack.RAPID_RESET);
        try (H3Wire wire = H3Wire.connect(server.port())) {
            for (int i = 0; i < 300 && wire.connection().isActive(); i++) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (wire.connection().peerAllowedStreams(QuicStreamType.BIDIRECTIONAL) == 0
                        && wire.connection().isActive() && System.nanoTime() < deadline) {
                    Thread.sleep(1); // the server returns stream credit as the reset streams close
                }
                if (!wire.connection().isActive()) {
                    break;
                }
                QuicStreamChannel stream = wire.request(new H3Wire.Exchange());
                stream.write(new DefaultHttp3HeadersFrame(wire.head("GET", "/")));
                stream.flush();
                stream.shutdown(0x10c);
            }
            closedWith(wire, H3_EXCESSIVE_LOAD);
        }
        assertEquals(before + 1, server.app().counters().attacksStopped(Attack.RAPID_RESET));
        stillServes();
    }

    @Test
    void garbageDatagramsAreDroppedAndOthersKeepBeingServed() throws Exception {
        Random random = new Random(11);
        try (DatagramSocket socket = new DatagramSocket()) {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            for (int i = 0; i < 200; i++) {
                byte[] junk = new byte[1 + random.nextInt(1400)];
                random.nextBytes(junk);
                if (i % 2 == 0) {
                    junk[0] = (byte) (0xc0 | junk[0]); // a long header, as an Initial packet has
                }
                socket.send(new DatagramPacket(junk, junk.length, loopback, server.port()));
            }
        }
        stillServes();
    }
}
