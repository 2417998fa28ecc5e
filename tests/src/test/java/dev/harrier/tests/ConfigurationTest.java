package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.app.Configuration;
import dev.harrier.kernel.ConfigurationException;
import dev.harrier.kernel.ProviderRegistry;
import dev.harrier.app.WebApp;
import dev.harrier.spi.Availability;
import dev.harrier.spi.Transport;
import dev.harrier.spi.TransportOptions;
import dev.harrier.spi.TransportProvider;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.ServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration sources and their precedence (code &gt; command line &gt; environment &gt;
 * harrier.properties &gt; defaults), and start-up failures that must say what is wrong.
 */
class ConfigurationTest {

    @TempDir
    Path workDir;

    /** Each layer names a different loopback address and body limit; the server shows which won. */
    private String servedBy(Combination c, String[] args, Map<String, String> env, String code) throws Exception {
        WebApp app = c.newApp(Configuration.load(args, env, workDir));
        if (code != null) {
            app.urls("http://" + code + ":0");
            app.limits().maxRequestBodySize(5);
        }
        app.get("/", ctx -> ctx.response().send(String.valueOf(ctx.request().maxBodySize())));
        try (ServerFixture server = ServerFixture.start(app)) {
            String url = server.urls().get(0);
            String host = java.net.URI.create(url).getHost();
            try (RawConnection conn = RawConnection.open(host, server.port())) {
                conn.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                return host + " " + conn.readFinal().bodyText();
            }
        }
    }

    /** The layers name {@code http://} URLs: a cleartext combination's transport and scheduling. */
    @HttpTest(requires = {Capability.HTTP1_WIRE, Capability.CLEARTEXT_WIRE})
    void codeBeatsCommandLineBeatsEnvironmentBeatsFileBeatsDefaults(Combination c) throws Exception {
        String[] args = {"--urls", "http://127.0.0.4:0", "--harrier.limits.maxRequestBodySize=4"};
        Map<String, String> env = Map.of("HARRIER_URLS", "http://127.0.0.3:0", "HARRIER_LIMITS_MAXREQUESTBODYSIZE", "3");
        Files.writeString(workDir.resolve("harrier.properties"),
                "harrier.urls=http://127.0.0.2:0\nharrier.limits.maxRequestBodySize=2\n");

        assertEquals("127.0.0.5 5", servedBy(c, args, env, "127.0.0.5"));
        assertEquals("127.0.0.4 4", servedBy(c, args, env, null));
        assertEquals("127.0.0.3 3", servedBy(c, new String[0], env, null));
        assertEquals("127.0.0.2 2", servedBy(c, new String[0], Map.of(), null));
        Files.delete(workDir.resolve("harrier.properties"));
        // Defaults: 30,000,000 bytes; the URL default (localhost:5000) is checked without binding.
        assertEquals("127.0.0.1 30000000", servedBy(c, new String[0], Map.of("HARRIER_URLS", "http://127.0.0.1:0"), null));
    }

    @Test
    void defaultUrlIsLocalhost5000() {
        Configuration config = Configuration.load(new String[0], Map.of(), workDir);
        assertEquals(null, config.get("harrier.urls"));
        assertEquals("defaults", config.sourceOf("harrier.urls"));
    }

    @Test
    void configFileOptionAndEnvironmentSpellings() throws Exception {
        Path file = workDir.resolve("other.properties");
        Files.writeString(file, "harrier.limits.keepAliveTimeout=PT5S\n");
        Configuration config = Configuration.load(new String[] {"--config", file.toString()},
                Map.of("HARRIER_ADDSERVERHEADER", "false", "PATH", "/usr/bin"), workDir);
        assertEquals("PT5S", config.get("harrier.limits.keepAliveTimeout"));
        assertEquals("false", config.get("harrier.addServerHeader"));
        WebApp app = WebApp.create(config, ProviderRegistry.of(List.of(), List.of(), List.of()));
        assertEquals(java.time.Duration.ofSeconds(5), app.limits().keepAliveTimeout());
        assertEquals(false, app.options().addServerHeader());
    }

    @Test
    void unknownKeyFailsNamingIt() throws Exception {
        ConfigurationException fromArgs = assertThrows(ConfigurationException.class, () -> Configuration.load(
                new String[] {"--harrier.limits.maxBodySize=5"}, Map.of(), workDir));
        assertTrue(fromArgs.getMessage().contains("harrier.limits.maxBodySize"), fromArgs.getMessage());
        assertTrue(fromArgs.getMessage().contains("command line"), fromArgs.getMessage());

        ConfigurationException fromEnv = assertThrows(ConfigurationException.class, () -> Configuration.load(
                new String[0], Map.of("HARRIER_LIMITS_MAXBODY", "5"), workDir));
        assertTrue(fromEnv.getMessage().contains("HARRIER_LIMITS_MAXBODY"), fromEnv.getMessage());

        Files.writeString(workDir.resolve("harrier.properties"), "harrier.url=http://localhost:1\n");
        ConfigurationException fromFile = assertThrows(ConfigurationException.class, () -> Configuration.load(
                new String[0], Map.of(), workDir));
        assertTrue(fromFile.getMessage().contains("'harrier.url'"), fromFile.getMessage());
        assertTrue(fromFile.getMessage().contains("harrier.properties"), fromFile.getMessage());

        ConfigurationException fromCode = assertThrows(ConfigurationException.class,
                () -> Configuration.empty().set("harrier.limits.bogus", "1"));
        assertTrue(fromCode.getMessage().contains("harrier.limits.bogus"), fromCode.getMessage());
    }

    @Test
    void settingsTheAppHasReadCannotBeChangedAfterwards() throws Exception {
        WebApp app = WebApp.create(Configuration.empty(), ProviderRegistry.serviceLoader(getClass().getClassLoader()));
        IllegalStateException late = assertThrows(IllegalStateException.class,
                () -> app.configuration().set("harrier.limits.maxRequestBodySize", "10"));
        assertTrue(late.getMessage().contains("'harrier.limits.maxRequestBodySize' was read when the app was created"),
                late.getMessage());
        assertTrue(late.getMessage().contains("app.limits()"), late.getMessage());
        assertEquals(30_000_000, app.limits().maxRequestBodySize());
        // URLs and endpoints are read when the server starts: they can still be set.
        app.configuration().set("harrier.endpoints.late.url", "http://127.0.0.1:0");
        app.get("/", ctx -> ctx.response().send("late endpoint"));
        try (ServerFixture server = ServerFixture.start(app)) {
            assertEquals("late endpoint", server.get("/").body());
        }
    }

    @Test
    void invalidValueFailsNamingKeyValueAndSource() {
        Configuration config = Configuration.load(new String[0],
                Map.of("HARRIER_LIMITS_KEEPALIVETIMEOUT", "30 seconds"), workDir);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> WebApp.create(config, ProviderRegistry.of(List.of(), List.of(), List.of())));
        assertTrue(e.getMessage().contains("harrier.limits.keepAliveTimeout"), e.getMessage());
        assertTrue(e.getMessage().contains("30 seconds"), e.getMessage());
        assertTrue(e.getMessage().contains("HARRIER_LIMITS_KEEPALIVETIMEOUT"), e.getMessage());

        Configuration carriers = Configuration.load(new String[] {"--harrier.virtualThreadCarriers=ForkJoin"}, Map.of(), workDir);
        e = assertThrows(ConfigurationException.class, () -> WebApp.create(carriers, ProviderRegistry.of(List.of(), List.of(), List.of())));
        assertTrue(e.getMessage().contains("harrier.virtualThreadCarriers"), e.getMessage());
        assertTrue(e.getMessage().contains("must be Auto, EventLoop or Jdk"), e.getMessage());
    }

    @Test
    void http2LimitsAreBoundAndValidated() throws Exception {
        Files.writeString(workDir.resolve("harrier.properties"), "harrier.limits.http2.maxFrameSize=32768\n"
                + "harrier.limits.http2.keepAlivePingDelay=PT10S\nharrier.limits.http2.keepAlivePingTimeout=PT3S\n");
        Configuration config = Configuration.load(new String[] {"--harrier.limits.http2.initialStreamWindowSize=100000"},
                Map.of("HARRIER_LIMITS_HTTP2_MAXSTREAMSPERCONNECTION", "7"), workDir);
        dev.harrier.http.Http2Limits http2 = WebApp.create(config, ProviderRegistry.of(List.of(), List.of(), List.of()))
                .limits().http2();
        assertEquals(7, http2.maxStreamsPerConnection());
        assertEquals(32768, http2.maxFrameSize());
        assertEquals(100000, http2.initialStreamWindowSize());
        assertEquals(java.time.Duration.ofSeconds(10), http2.keepAlivePingDelay());
        assertEquals(java.time.Duration.ofSeconds(3), http2.keepAlivePingTimeout());
        assertEquals(1024 * 1024, http2.initialConnectionWindowSize(), "Kestrel's default");
        assertEquals(4096, http2.headerTableSize(), "Kestrel's default");
        assertEquals(16 * 1024, http2.maxRequestHeaderFieldSize(), "Kestrel's default");

        Configuration off = Configuration.load(new String[] {"--harrier.limits.http2.keepAlivePingDelay=none"},
                Map.of(), workDir);
        assertEquals(null, WebApp.create(off, ProviderRegistry.of(List.of(), List.of(), List.of())).limits().http2()
                .keepAlivePingDelay(), "none turns the ping off");

        for (String[] bad : new String[][] {{"maxFrameSize", "1000"}, {"maxStreamsPerConnection", "0"},
                {"initialConnectionWindowSize", "1024"}, {"keepAlivePingDelay", "PT0.5S"}, {"headerTableSize", "-1"}}) {
            Configuration invalid = Configuration.load(new String[] {"--harrier.limits.http2." + bad[0] + "=" + bad[1]},
                    Map.of(), workDir);
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> WebApp.create(invalid, ProviderRegistry.of(List.of(), List.of(), List.of())));
            assertTrue(e.getMessage().contains("harrier.limits.http2." + bad[0]), e.getMessage());
            assertTrue(e.getMessage().contains("'" + bad[1] + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("command line"), "names the source: " + e.getMessage());
        }
    }

    @HttpTest
    void badUrlFailsNamingIt(Combination c) {
        for (String bad : new String[] {"http://127.0.0.1:notaport", "ftp://localhost:21", "localhost:8080",
                "http://127.0.0.1:70000", "http://unix:relative.sock", "http://[::1:8080"}) {
            WebApp app = c.newApp(Configuration.load(new String[] {"--urls", bad}, Map.of(), workDir));
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> ServerFixture.start(app), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("harrier.urls"), "names the key: " + e.getMessage());
        }
    }

    @Test
    void noTransportOrProtocolFailsClearly() {
        ProviderRegistry classPath = ProviderRegistry.serviceLoader(getClass().getClassLoader());
        WebApp noTransport = WebApp.create(Configuration.empty(), ProviderRegistry.of(List.of(), classPath.protocols(), classPath.tls()));
        noTransport.urls("http://127.0.0.1:0");
        ConfigurationException e = assertThrows(ConfigurationException.class, noTransport::start);
        assertTrue(e.getMessage().contains("No transport"), e.getMessage());
        assertTrue(e.getMessage().contains("harrier-transport-nio"), "says how to fix it: " + e.getMessage());

        WebApp noProtocol = WebApp.create(Configuration.empty(), ProviderRegistry.of(classPath.transports(), List.of(), classPath.tls()));
        noProtocol.urls("http://127.0.0.1:0");
        e = assertThrows(ConfigurationException.class, noProtocol::start);
        assertTrue(e.getMessage().contains("protocol"), e.getMessage());
        assertTrue(e.getMessage().contains("harrier-protocol-http1"), "says how to fix it: " + e.getMessage());
    }

    @Test
    void unknownOrUnavailableTransportFailsWithTheReason() {
        ProviderRegistry classPath = ProviderRegistry.serviceLoader(getClass().getClassLoader());
        WebApp unknown = WebApp.create(Configuration.load(new String[] {"--harrier.transport=warp"}, Map.of(), workDir),
                classPath);
        unknown.urls("http://127.0.0.1:0");
        ConfigurationException e = assertThrows(ConfigurationException.class, unknown::start);
        assertTrue(e.getMessage().contains("'warp'"), e.getMessage());
        assertTrue(e.getMessage().contains("nio"), "lists the known transports: " + e.getMessage());

        TransportProvider broken = new TransportProvider() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public int priority() {
                return 100;
            }

            @Override
            public Availability availability() {
                return Availability.unavailable("the native library did not load", new UnsatisfiedLinkError("libfoo.so"));
            }

            @Override
            public Transport create(TransportOptions options) {
                throw new AssertionError("an unavailable transport is never created");
            }
        };
        List<TransportProvider> transports = new java.util.ArrayList<>(classPath.transports());
        transports.add(broken);
        ProviderRegistry withBroken = ProviderRegistry.of(transports, classPath.protocols(), classPath.tls());
        WebApp asked = WebApp.create(Configuration.empty(), withBroken);
        asked.urls("http://127.0.0.1:0");
        asked.options().transport("broken");
        e = assertThrows(ConfigurationException.class, asked::start);
        assertTrue(e.getMessage().contains("the native library did not load"), e.getMessage());
        assertTrue(e.getMessage().contains("libfoo.so"), e.getMessage());

        // auto passes over the unavailable one despite its higher priority and takes what it
        // takes without it on Linux: epoll.
        WebApp auto = WebApp.create(Configuration.empty(), withBroken);
        auto.urls("http://127.0.0.1:0");
        auto.get("/", ctx -> ctx.response().send(ctx.connection().transport()));
        try (ServerFixture server = ServerFixture.start(auto)) {
            assertEquals("epoll", server.get("/").body());
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void transportCanBeChosenByConfiguration() throws Exception {
        for (TransportProvider provider : Combination.socketTransports()) {
            Map<String, String> env = new HashMap<>();
            env.put("HARRIER_TRANSPORT", provider.name());
            env.put("HARRIER_URLS", "http://127.0.0.1:0");
            WebApp app = WebApp.create(Configuration.load(new String[0], env, workDir),
                    ProviderRegistry.serviceLoader(getClass().getClassLoader()));
            app.get("/", ctx -> ctx.response().send(ctx.connection().transport()));
            try (ServerFixture server = ServerFixture.start(app)) {
                assertEquals(provider.name(), server.get("/").body());
            }
        }
    }
}
