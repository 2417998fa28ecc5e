package dev.harrier.tests.support;

import dev.harrier.kernel.WebApp;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A started {@link WebApp} and ways to talk to it; closing it stops the server. An app on the
 * in-memory transport is reached through a {@link MemoryBridge}: {@link #port()},
 * {@link #uri(String)} and {@link #connect()} then lead to the bridge's TCP port.
 */
public final class ServerFixture implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final WebApp app;
    private final MemoryBridge bridge;

    private ServerFixture(WebApp app, MemoryBridge bridge) {
        this.app = app;
        this.bridge = bridge;
    }

    /** Starts the app; on failure it is stopped again and the failure propagates. */
    public static ServerFixture start(WebApp app) {
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            throw e;
        }
        if (!Combination.MEMORY.equalsIgnoreCase(app.options().transport())) {
            return new ServerFixture(app, null);
        }
        try {
            URI endpoint = firstTcpUrl(app);
            return new ServerFixture(app, MemoryBridge.to(new InetSocketAddress(endpoint.getHost(), endpoint.getPort())));
        } catch (RuntimeException e) {
            app.stop();
            throw e;
        }
    }

    public WebApp app() {
        return app;
    }

    /** The URLs published by the server. */
    public List<String> urls() {
        return app.urls();
    }

    /** The port of the first published TCP URL (for the in-memory transport, of its bridge). */
    public int port() {
        return bridge != null ? bridge.port() : firstTcpUrl(app).getPort();
    }

    private static URI firstTcpUrl(WebApp app) {
        for (String url : app.urls()) {
            URI uri = URI.create(url);
            if (uri.getPort() > 0) {
                return uri;
            }
        }
        throw new IllegalStateException("No TCP endpoint among " + app.urls());
    }

    /** {@code http://127.0.0.1:PORT} followed by the path. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** The shared JDK client (HTTP/1.1). */
    public HttpClient client() {
        return CLIENT;
    }

    /** Sends a request with the JDK client, the body read as text. */
    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET with the JDK client. */
    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)));
    }

    /** A new raw connection to the server. */
    public RawConnection connect() throws java.io.IOException {
        return RawConnection.open("127.0.0.1", port());
    }

    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            if (bridge != null) {
                bridge.close();
            }
        }
    }
}
