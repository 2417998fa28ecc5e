package dev.harrier.tests.http3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.app.Configuration;
import dev.harrier.app.WebApp;
import dev.harrier.kernel.ConfigurationException;
import dev.harrier.kernel.ProviderRegistry;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.ServerProcess;
import dev.harrier.tests.support.TestCertificates;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.kwik.flupke.Http3Client;

/**
 * How HTTP/3 is configured, as in Kestrel: opt-in per endpoint or server-wide, only where TLS over
 * UDP can carry it, on the TCP port's number, advertised by Alt-Svc unless turned off; and what
 * start-up says when a configuration cannot be served.
 */
class Http3ConfigurationTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.shared();

    private static WebApp app(String... args) {
        WebApp app = WebApp.create(Configuration.load(args, Map.of(), Path.of("")),
                ProviderRegistry.serviceLoader(Http3ConfigurationTest.class.getClassLoader()));
        CERTIFICATES.useFor(app);
        app.get("/", ctx -> ctx.response().send(ctx.request().protocol()));
        return app;
    }

    private static String http3Get(String url) throws Exception {
        HttpClient client = Http3Client.newBuilder().disableCertificateCheck().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private static int port(String url) {
        return URI.create(url).getPort();
    }

    @Test
    void http3AloneOnACleartextEndpointFailsStartUpNamingTheKeyAndTheFix() {
        WebApp app = app("--harrier.endpoints.api.url=http://127.0.0.1:0", "--harrier.endpoints.api.protocols=Http3");
        ConfigurationException e = assertThrows(ConfigurationException.class, app::start);
        app.stop();
        String message = e.getMessage();
        assertTrue(message.contains("'api'") && message.contains("serves only Http3"), message);
        assertTrue(message.contains("cleartext (http://)"), message);
        assertTrue(message.contains("https://") && message.contains("harrier.endpoints.NAME.protocols"), message);
    }

    @Test
    void http3InheritedByACleartextEndpointIsLeftOutWithALogLine(@TempDir Path home) throws Exception {
        try (ServerProcess server = ServerProcess.runnableJar(List.of("-Duser.home=" + home),
                "--urls", "http://127.0.0.1:0;https://127.0.0.1:0", "--harrier.protocols=Http1AndHttp2AndHttp3")) {
            String output = server.awaitOutput("Application started.").output();
            assertTrue(output.contains("does not serve Http3: it is cleartext (http://)"), output);
            Matcher http = Pattern.compile("Now listening on: (http://127.0.0.1:\\d+) \\(\\S+\\) with Http1, Http2\\n")
                    .matcher(output);
            Matcher https = Pattern.compile("Now listening on: (https://127.0.0.1:\\d+) \\(\\S+\\) with Http1, Http2 on"
                    + " TCP and Http3 on UDP \\(quic over \\S+\\)").matcher(output);
            assertTrue(http.find() && https.find(), output);
            assertEquals("Hello from inside Harrier", Curl.run(http.group(1) + "/").ok());
            assertTrue(http3Get(https.group(1) + "/whoami").endsWith("scheme https, protocol HTTP/3"));
            assertEquals(143, server.terminate(), server.output());
        }
    }

    @Test
    void anEndpointServingOnlyHttp3ListensOnUdpAlone() throws Exception {
        WebApp app = app("--harrier.endpoints.h3.url=https://127.0.0.1:0", "--harrier.endpoints.h3.protocols=Http3");
        app.start();
        try {
            String url = app.urls().get(0);
            assertEquals("HTTP/3", http3Get(url + "/"));
            try (Socket tcp = new Socket()) {
                assertThrows(ConnectException.class, () -> tcp.connect(new InetSocketAddress("127.0.0.1", port(url)), 5000));
            }
        } finally {
            app.stop();
        }
    }

    @Test
    void disableAltSvcHeaderLeavesTheAdvertisementOut() throws Exception {
        WebApp app = app("--harrier.endpoints.web.url=https://127.0.0.1:0",
                "--harrier.endpoints.web.protocols=Http1AndHttp2AndHttp3", "--harrier.endpoints.web.disableAltSvcHeader=true");
        app.start();
        try {
            List<String> args = new ArrayList<>(CERTIFICATES.curlArgs());
            args.addAll(List.of("-i", app.urls().get(0) + "/"));
            String response = Curl.run(args.toArray(String[]::new)).ok();
            assertTrue(response.startsWith("HTTP/2 200"), response);
            assertFalse(response.toLowerCase(java.util.Locale.ROOT).contains("alt-svc"), response);
            assertEquals("HTTP/3", http3Get(app.urls().get(0) + "/"));
        } finally {
            app.stop();
        }
    }

    @Test
    void http3WithoutTls13FailsStartUp() {
        WebApp app = app("--harrier.endpoints.old.url=https://127.0.0.1:0",
                "--harrier.endpoints.old.protocols=Http1AndHttp2AndHttp3", "--harrier.endpoints.old.sslProtocols=Tls12");
        ConfigurationException e = assertThrows(ConfigurationException.class, app::start);
        app.stop();
        assertTrue(e.getMessage().contains("QUIC requires TLS 1.3"), e.getMessage());
        assertTrue(e.getMessage().contains("sslProtocols"), e.getMessage());
    }

    @Test
    void theQuicTransportIsNotAnEndpointsTransport() {
        WebApp app = app("--harrier.urls=https://127.0.0.1:0", "--harrier.transport=quic");
        ConfigurationException e = assertThrows(ConfigurationException.class, app::start);
        app.stop();
        assertTrue(e.getMessage().contains("carries multiplexed connections over a socket transport"), e.getMessage());
    }

    @Test
    void listTransportsShowsQuicAndHttp3() throws Exception {
        try (ServerProcess list = ServerProcess.runnableJar(List.of(), "--list-transports")) {
            assertEquals(0, list.awaitExit(), list.output());
            String out = list.output();
            assertTrue(Pattern.compile("(?m)^Multiplexed transports.*\\n\\s+quic\\s+priority \\d+\\s+available$")
                    .matcher(out).find(), out);
            assertTrue(Pattern.compile("(?m)^\\s+Http3\\s+order \\d+\\s+multiplexed connections, ALPN h3$")
                    .matcher(out).find(), out);
        }
    }
}
