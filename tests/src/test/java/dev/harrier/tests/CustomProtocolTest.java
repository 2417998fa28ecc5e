package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.app.Configuration;
import dev.harrier.kernel.ConfigurationException;
import dev.harrier.kernel.HttpProtocols;
import dev.harrier.kernel.ProviderRegistry;
import dev.harrier.kernel.Scheduling;
import dev.harrier.app.WebApp;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.ServerFixture;
import dev.harrier.tests.support.TestCertificates;
import dev.harrier.tests.support.WireProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A protocol the kernel has never heard of, {@code Echo} of {@code examples/custom-protocol}
 * (written against the SPI only), served beside HTTP/1.1 from what its provider declares: its
 * name in the endpoint's protocols, its first bytes on a shared cleartext port, its ALPN id on
 * TLS. It runs on every transport, the in-memory example transport included.
 */
class CustomProtocolTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.shared();

    private static ServerFixture serve(Combination c, String protocols) {
        return c.serve(app -> {
            app.options().protocols(HttpProtocols.parse(protocols));
            app.get("/", ctx -> ctx.response().send("hello over " + ctx.request().protocol()));
        });
    }

    @HttpTest(requires = Capability.CLEARTEXT_WIRE)
    void aSharedPortTellsTheProtocolsApartByTheirFirstBytes(Combination c) throws Exception {
        try (ServerFixture server = serve(c, "Http1AndEcho")) {
            try (RawConnection echo = server.connect()) {
                echo.send("ECHO\r\nhello\r\n");
                assertEquals("echo: hello", readLine(echo.input()));
                echo.send("BYE\r\n");
                assertEquals("bye", readLine(echo.input()));
            }
            try (RawConnection http = server.connect()) {
                http.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertEquals("hello over HTTP/1.1", http.readFinal().bodyText());
            }
            // The greeting in pieces: the detector waits for enough bytes to tell.
            try (RawConnection slow = server.connect()) {
                slow.send("EC");
                Thread.sleep(100);
                slow.send("HO\r\nin pieces\r\n");
                assertEquals("echo: in pieces", readLine(slow.input()));
            }
            // What the echo detector cannot take goes to HTTP/1.1, the protocol without a detector.
            try (RawConnection notEcho = server.connect()) {
                notEcho.send("ECHOES / HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertEquals(405, notEcho.readFinal().status(), "GET is the only method of /");
            }
            if (c.has(Capability.TCP_SOCKETS)) {
                assertEquals("hello over HTTP/1.1", Curl.run("-sS", server.uri("/").toString()).ok());
            }
        }
    }

    @HttpTest(requires = Capability.CLEARTEXT_WIRE)
    void anEndpointOfOneProtocolGivesItEveryConnection(Combination c) throws Exception {
        try (ServerFixture server = serve(c, "echo")) {
            try (RawConnection echo = server.connect()) {
                echo.send("GET / HTTP/1.1\r\n");
                assertEquals("echo: GET / HTTP/1.1", readLine(echo.input()));
            }
        }
    }

    @Test
    void alpnChoosesAmongTheDeclaredIdsOnTls() throws Exception {
        try (ServerFixture server = new Combination("nio", Scheduling.VIRTUAL_THREADS, WireProtocol.H1_TLS).serve(app -> {
            app.urls("https://127.0.0.1:0");
            app.options().protocols(HttpProtocols.parse("Http1AndHttp2AndEcho"));
            app.get("/", ctx -> ctx.response().send("hello over " + ctx.request().protocol() + " ALPN "
                    + ctx.connection().tls().applicationProtocol()));
        })) {
            int port = URI.create(server.urls().get(0)).getPort();
            try (RawConnection echo = RawConnection.openTls("127.0.0.1", port, CERTIFICATES.sslContext(), "localhost",
                    "echo", socket -> { })) {
                echo.send("hello\r\n");
                assertEquals("echo: hello", readLine(echo.input()));
            }
            List<String> curl = new ArrayList<>(CERTIFICATES.curlArgs());
            curl.add("https://127.0.0.1:" + port + "/");
            assertEquals("hello over HTTP/2 ALPN h2", Curl.run(curl.toArray(String[]::new)).ok());
            curl.add(0, "--http1.1");
            assertEquals("hello over HTTP/1.1 ALPN http/1.1", Curl.run(curl.toArray(String[]::new)).ok());
        }
    }

    @Test
    void aProtocolThatIsNotThereFailsStartUpWithItsName() {
        Configuration config = Configuration.empty();
        config.set("harrier.endpoints.api.url", "http://127.0.0.1:0");
        config.set("harrier.endpoints.api.protocols", "Http1AndGopher");
        WebApp app = WebApp.create(config, ProviderRegistry.serviceLoader(getClass().getClassLoader()));
        ConfigurationException e = assertThrows(ConfigurationException.class, app::start);
        assertTrue(e.getMessage().contains("'api'") && e.getMessage().contains("Gopher")
                && e.getMessage().contains("Echo"), "names the endpoint, the missing and the found protocols: "
                + e.getMessage());

        Configuration malformed = Configuration.load(new String[] {"--harrier.protocols=Http1 and Http2!"}, Map.of(),
                java.nio.file.Path.of(""));
        e = assertThrows(ConfigurationException.class,
                () -> WebApp.create(malformed, ProviderRegistry.serviceLoader(getClass().getClassLoader())));
        assertTrue(e.getMessage().contains("harrier.protocols"), "names the key: " + e.getMessage());
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0 || System.nanoTime() > deadline) {
                throw new IOException("no line; got '" + line.toString(StandardCharsets.UTF_8) + "'");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
