package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.app.Configuration;
import dev.harrier.kernel.ProviderRegistry;
import dev.harrier.app.WebApp;
import dev.harrier.spi.ProtocolProvider;
import dev.harrier.spi.TransportProvider;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.RawResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A live provider registry, the seam an OSGi framework feeds: endpoints wait for the providers
 * they need and bind when they arrive; removing a provider drains the endpoints that use it
 * (requests in flight finish, nothing new is accepted) before it returns; endpoints bind again
 * as soon as what they need is back, and take up a protocol that arrives later.
 */
class ProviderRegistryTest {

    private static final ProviderRegistry CLASS_PATH = ProviderRegistry.serviceLoader(ProviderRegistryTest.class.getClassLoader());

    private static TransportProvider transport(String name) {
        return CLASS_PATH.transports().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static ProtocolProvider protocol(String name) {
        return CLASS_PATH.protocols().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static WebApp app(ProviderRegistry registry, int port) {
        WebApp app = WebApp.create(Configuration.empty(), registry);
        app.urls("http://127.0.0.1:" + port);
        app.options().transport("nio").shutdownTimeout(Duration.ofSeconds(10));
        return app;
    }

    @Test
    void anEndpointWaitsForItsTransportAndDrainsWhenItLeaves() throws Exception {
        ProviderRegistry registry = ProviderRegistry.live();
        registry.add(protocol("Http1"));
        int port = freePort();
        String url = "http://127.0.0.1:" + port;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        WebApp app = app(registry, port);
        app.get("/", ctx -> ctx.response().send("served by " + ctx.connection().transport()));
        app.get("/held", ctx -> {
            held.countDown();
            release.await(10, TimeUnit.SECONDS);
            ctx.response().send("finished");
        });
        try {
            app.start();
            assertEquals(List.of(), app.urls(), "nothing is bound without a transport");
            assertRefused(port);

            registry.add(transport("nio"));
            assertEquals(List.of(url), app.urls());
            assertEquals("served by nio", Curl.run("-sS", url + "/").ok());

            try (RawConnection inFlight = RawConnection.open("127.0.0.1", port)) {
                inFlight.send("GET /held HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertTrue(held.await(10, TimeUnit.SECONDS));
                CompletableFuture<Void> removed = CompletableFuture.runAsync(() -> registry.remove(transport("nio")));
                awaitRefused(port);
                assertTrue(!removed.isDone(), "remove() waits for the endpoint to drain");
                release.countDown();
                RawResponse response = inFlight.read();
                assertEquals("finished", response.bodyText());
                assertEquals("close", response.header("connection"), "the drained connection closes after it");
                removed.get(10, TimeUnit.SECONDS);
            }
            assertEquals(List.of(), app.urls());
            assertRefused(port);

            registry.add(transport("nio"));
            assertEquals(List.of(url), app.urls(), "bound again on its port");
            assertEquals("served by nio", Curl.run("-sS", url + "/").ok());
        } finally {
            app.stop();
        }
    }

    @Test
    void aProtocolArrivingLaterIsTakenUpAndOneLeavingIsDropped() throws Exception {
        ProviderRegistry registry = ProviderRegistry.live();
        registry.add(transport("nio"));
        int port = freePort();
        String url = "http://127.0.0.1:" + port;
        WebApp app = app(registry, port);
        app.get("/", ctx -> ctx.response().send(ctx.request().protocol()));
        try {
            app.start();
            assertEquals(List.of(), app.urls(), "no protocol yet");

            registry.add(protocol("Http1"));
            assertEquals("HTTP/1.1", Curl.run("-sS", url + "/").ok(), "the default Http1AndHttp2 serves what is there");
            assertTrue(Curl.run("-sS", "--http2-prior-knowledge", url + "/").exitCode() != 0, "no HTTP/2 yet");

            registry.add(protocol("Http2"));
            assertEquals(List.of(url), app.urls());
            assertEquals("HTTP/2", Curl.run("-sS", "--http2-prior-knowledge", url + "/").ok());
            assertEquals("HTTP/1.1", Curl.run("-sS", url + "/").ok());

            registry.remove(protocol("Http1"));
            assertEquals("HTTP/2", Curl.run("-sS", "--http2-prior-knowledge", url + "/").ok());
            assertTrue(Curl.run("-sS", "--http1.1", url + "/").exitCode() != 0, "HTTP/1.1 has left");
        } finally {
            app.stop();
        }
    }

    @Test
    void aFixedRegistryTakesNoChanges() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CLASS_PATH.add(transport("nio")));
        assertTrue(e.getMessage().contains("ProviderRegistry.live()"), e.getMessage());
    }

    private static void assertRefused(int port) {
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "nothing listens on " + port);
    }

    private static void awaitRefused(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                Thread.sleep(10);
            } catch (ConnectException refused) {
                return;
            }
        }
        throw new AssertionError("port " + port + " still accepts connections");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
