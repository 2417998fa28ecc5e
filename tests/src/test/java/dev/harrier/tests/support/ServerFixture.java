package dev.harrier.tests.support;

import dev.harrier.kernel.WebApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** A started {@link WebApp} and ways to talk to it; closing it stops the server. */
public final class ServerFixture implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final WebApp app;

    private ServerFixture(WebApp app) {
        this.app = app;
    }

    /** Starts the app; on failure it is stopped again and the failure propagates. */
    public static ServerFixture start(WebApp app) {
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            throw e;
        }
        return new ServerFixture(app);
    }

    public WebApp app() {
        return app;
    }

    /** The URLs published by the server. */
    public List<String> urls() {
        return app.urls();
    }

    /** The port of the first published TCP URL. */
    public int port() {
        for (String url : app.urls()) {
            URI uri = URI.create(url);
            if (uri.getPort() > 0) {
                return uri.getPort();
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
        app.stop();
    }
}
