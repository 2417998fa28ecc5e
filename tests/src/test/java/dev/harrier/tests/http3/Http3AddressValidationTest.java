package dev.harrier.tests.http3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.app.WebApp;
import dev.harrier.http.QuicLimits;
import dev.harrier.kernel.HttpProtocols;
import dev.harrier.kernel.Scheduling;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.Command;
import dev.harrier.tests.support.LogCapture;
import dev.harrier.tests.support.ServerFixture;
import dev.harrier.tests.support.WireProtocol;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.kwik.flupke.Http3Client;

/**
 * Address validation with Retry (RFC 9000 section 8.1): with {@code addressValidation=Always}
 * every client answers a Retry before the server does any work for it, independent clients get
 * through, and a token that was not made for the sender — forged, or replayed from another port —
 * is dropped and logged.
 */
class Http3AddressValidationTest {

    private static ServerFixture serve() {
        WebApp app = new Combination("epoll", Scheduling.VIRTUAL_THREADS, WireProtocol.H2_TLS).newApp();
        app.options().protocols(HttpProtocols.parse("Http1AndHttp2AndHttp3"));
        app.limits().quic().addressValidation(QuicLimits.AddressValidation.ALWAYS);
        app.get("/", ctx -> ctx.response().send("validated"));
        return ServerFixture.start(app, WireProtocol.H2_TLS);
    }

    @Test
    void clientsAnswerTheRetryAndAreServed(@TempDir Path downloads) throws Exception {
        try (ServerFixture server = serve()) {
            String url = "https://127.0.0.1:" + server.port() + "/";
            HttpResponse<String> response = Http3Client.newBuilder().disableCertificateCheck().build()
                    .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("validated", response.body());
            Command.Result ngtcp2 = Command.run(null, Duration.ofSeconds(30), List.of("gtlsclient",
                    "--exit-on-all-streams-close", "--no-quic-dump", "--no-http-dump", "--download=" + downloads,
                    "127.0.0.1", String.valueOf(server.port()), url));
            assertEquals(0, ngtcp2.exitCode(), ngtcp2.stderr());
            assertEquals("validated", Files.readString(downloads.resolve("index.html")));
        }
    }

    @Test
    void aTokenNotMadeForTheSenderIsDroppedAndLogged() throws Exception {
        try (ServerFixture server = serve(); LogCapture log = LogCapture.start();
                DatagramSocket client = new DatagramSocket(); DatagramSocket other = new DatagramSocket()) {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            client.setSoTimeout(2000);
            other.setSoTimeout(1000);

            byte[] retry = exchange(client, loopback, server.port(), initial(new byte[0]));
            assertEquals(0xf0, retry[0] & 0xf0, "a Retry packet (long header, type 3)");
            byte[] token = retryToken(retry);

            assertThrows(SocketTimeoutException.class, () -> exchange(other, loopback, server.port(), initial(token)),
                    "a token replayed from another port gets no answer");
            // The first drop is logged (then at most one line every 10 s): it names the other port.
            assertTrue(log.text().contains("Dropped a QUIC Initial packet from /127.0.0.1:" + other.getLocalPort()),
                    log.text());
            byte[] forged = token.clone();
            forged[forged.length - 1] ^= 1;
            assertThrows(SocketTimeoutException.class, () -> exchange(client, loopback, server.port(), initial(forged)),
                    "a forged token gets no answer");
        }
    }

    private static byte[] exchange(DatagramSocket socket, InetAddress address, int port, byte[] packet) throws Exception {
        socket.send(new DatagramPacket(packet, packet.length, address, port));
        byte[] buffer = new byte[2048];
        DatagramPacket received = new DatagramPacket(buffer, buffer.length);
        socket.receive(received);
        return Arrays.copyOf(buffer, received.getLength());
    }

    private static final byte[] DCID = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final byte[] SCID = {9, 10, 11, 12, 13, 14, 15, 16};

    /**
     * A QUIC v1 Initial packet's header (which the server reads before any decryption) with
     * {@code token}, padded to 1200 bytes with a payload that does not decrypt.
     */
    private static byte[] initial(byte[] token) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xc0);
        out.writeBytes(new byte[] {0, 0, 0, 1});
        out.write(DCID.length);
        out.writeBytes(DCID);
        out.write(SCID.length);
        out.writeBytes(SCID);
        out.write(0x40 | token.length >> 8);
        out.write(token.length);
        out.writeBytes(token);
        int rest = 1200 - out.size() - 2;
        out.write(0x40 | rest >> 8);
        out.write(rest);
        out.writeBytes(new byte[rest]);
        return out.toByteArray();
    }

    /** The token of a Retry packet: after the flags, version, both connection ids; before the 16-byte tag. */
    private static byte[] retryToken(byte[] retry) {
        int offset = 5;
        offset += 1 + (retry[offset] & 0xff);
        offset += 1 + (retry[offset] & 0xff);
        byte[] token = Arrays.copyOfRange(retry, offset, retry.length - 16);
        assertTrue(token.length > 0, "the Retry carries a token");
        assertArrayEquals(SCID, Arrays.copyOfRange(retry, 6, 6 + SCID.length), "sent back to the client's id");
        return token;
    }
}
