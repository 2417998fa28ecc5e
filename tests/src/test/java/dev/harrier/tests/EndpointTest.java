package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.kernel.ConfigurationException;
import dev.harrier.app.WebApp;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.ServerFixture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Listening URLs: the forms Kestrel accepts, dynamic ports, Unix sockets, bind failures. The
 * tests choose their own {@code http://} URLs, so they take the transport and scheduling of the
 * cleartext combinations ({@link Capability#CLEARTEXT_WIRE}).
 */
class EndpointTest {

    private static WebApp hello(Combination c, String... urls) {
        WebApp app = c.newApp(dev.harrier.app.Configuration.empty());
        app.urls(urls);
        app.get("/", ctx -> ctx.response().send("hello via " + ctx.connection().localAddress()));
        return app;
    }

    private static String get(String host, int port) throws Exception {
        try (RawConnection conn = RawConnection.open(host, port)) {
            conn.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            return conn.readFinal().bodyText();
        }
    }

    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.CLEARTEXT_WIRE})
    void portZeroPublishesTheRealPort(Combination c) throws Exception {
        try (ServerFixture server = ServerFixture.start(hello(c, "http://127.0.0.1:0"))) {
            List<String> urls = server.urls();
            assertEquals(1, urls.size(), urls.toString());
            int port = URI.create(urls.get(0)).getPort();
            assertTrue(port > 0, urls.toString());
            assertEquals("http://127.0.0.1:" + port, urls.get(0));
            // The fixture connects to the published port (on the in-memory transport, through its bridge).
            try (RawConnection conn = server.connect()) {
                conn.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertTrue(conn.readFinal().bodyText().startsWith("hello"));
            }
        }
    }

    @HttpTest(requires = {Capability.TCP_SOCKETS, Capability.HTTP1_WIRE, Capability.CLEARTEXT_WIRE})
    void localhostBindsBothLoopbackFamiliesOnOnePort(Combination c) throws Exception {
        try (ServerFixture server = ServerFixture.start(hello(c, "http://localhost:0"))) {
            List<String> urls = server.urls();
            assertEquals(1, urls.size(), urls.toString());
            int port = URI.create(urls.get(0)).getPort();
            assertEquals("http://localhost:" + port, urls.get(0));
            assertEquals("hello via /127.0.0.1:" + port, get("127.0.0.1", port));
            assertEquals("hello via /[0:0:0:0:0:0:0:1]:" + port, get("::1", port));
            assertEquals("hello via /127.0.0.1:" + port,
                    Curl.run("--ipv4", "http://localhost:" + port + "/").ok());
            assertEquals("hello via /[0:0:0:0:0:0:0:1]:" + port,
                    Curl.run("--ipv6", "http://localhost:" + port + "/").ok());
        }
    }

    @HttpTest(requires = {Capability.TCP_SOCKETS, Capability.HTTP1_WIRE, Capability.CLEARTEXT_WIRE})
    void ipv6AnyAcceptsBothFamilies(Combination c) throws Exception {
        try (ServerFixture server = ServerFixture.start(hello(c, "http://[::]:0"))) {
            List<String> urls = server.urls();
            int port = URI.create(urls.get(0)).getPort();
            assertEquals(List.of("http://[::]:" + port), urls);
            assertTrue(get("::1", port).startsWith("hello"));
            assertTrue(get("127.0.0.1", port).startsWith("hello"));
        }
    }

    @HttpTest(requires = {Capability.TCP_SOCKETS, Capability.HTTP1_WIRE, Capability.CLEARTEXT_WIRE})
    void severalUrlsAreAllServed(Combination c) throws Exception {
        try (ServerFixture server = ServerFixture.start(hello(c, "http://127.0.0.1:0", "http://[::1]:0"))) {
            List<String> urls = server.urls();
            assertEquals(2, urls.size(), urls.toString());
            assertTrue(get("127.0.0.1", URI.create(urls.get(0)).getPort()).startsWith("hello"));
            URI v6 = URI.create(urls.get(1));
            InetAddress host = InetAddress.getByName(v6.getHost());
            assertTrue(host instanceof java.net.Inet6Address && host.isLoopbackAddress(), urls.toString());
            assertTrue(get("::1", URI.create(urls.get(1)).getPort()).startsWith("hello"));
        }
    }

    @HttpTest(requires = {Capability.UNIX_SOCKETS, Capability.HTTP1_WIRE, Capability.CLEARTEXT_WIRE})
    void unixDomainSocketIsServed(Combination c) throws Exception {
        Path dir = Files.createTempDirectory("harrier-uds");
        Path socket = dir.resolve("app.sock");
        try (ServerFixture server = ServerFixture.start(hello(c, "http://unix:" + socket))) {
            assertEquals(List.of("http://unix:" + socket), server.urls());
            assertTrue(Files.exists(socket));
            Curl.Result curl = Curl.run("--unix-socket", socket.toString(), "http://localhost/");
            assertTrue(curl.ok().startsWith("hello via "), curl.stdout());
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(socket));
                channel.write(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII)));
                String response = new String(readAll(channel), StandardCharsets.US_ASCII);
                assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            }
        } finally {
            assertFalse(Files.exists(socket), "the socket file is removed when the server stops");
            Files.deleteIfExists(socket);
            Files.delete(dir);
        }
    }

    private static byte[] readAll(SocketChannel channel) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (channel.read(buffer) >= 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return out.toByteArray();
    }

    @HttpTest(requires = {Capability.TCP_SOCKETS, Capability.HTTP1_WIRE, Capability.CLEARTEXT_WIRE})
    void portInUseFailsNamingTheEndpointAndTheFix(Combination c) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            WebApp app = hello(c, "http://127.0.0.1:" + port);
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> ServerFixture.start(app));
            String message = e.getMessage();
            assertTrue(message.contains("127.0.0.1:" + port), message);
            assertTrue(message.contains("http://127.0.0.1:" + port), "names the endpoint: " + message);
            assertTrue(message.toLowerCase().contains("address already in use"), message);
            assertTrue(message.contains("configure another port"), "says how to fix it: " + message);
            // Nothing stays bound or running after the failure: the same app can start elsewhere.
            app.urls("http://127.0.0.1:0");
            try (ServerFixture server = ServerFixture.start(app)) {
                assertTrue(get("127.0.0.1", server.port()).startsWith("hello"));
            }
        }
    }

    @HttpTest(requires = Capability.TCP_SOCKETS)
    void secondEndpointFailingReleasesTheFirst(Combination c) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
                int free = probe.getLocalPort();
                probe.close();
                WebApp app = hello(c, "http://127.0.0.1:" + free, "http://127.0.0.1:" + taken.getLocalPort());
                assertThrows(ConfigurationException.class, () -> ServerFixture.start(app));
                try (ServerSocket again = new ServerSocket()) {
                    again.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), free));
                }
            }
        }
    }
}
