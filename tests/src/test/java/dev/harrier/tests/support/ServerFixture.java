package dev.harrier.tests.support;

import dev.harrier.app.WebApp;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A started {@link WebApp} and ways to talk to it; closing it stops the server. Its JDK client
 * and curl speak the {@link WireProtocol} it was started with. An app on the in-memory transport
 * is reached through a {@link MemoryBridge}: {@link #port()}, {@link #uri(String)} and
 * {@link #connect()} then lead to the bridge's TCP port.
 */
public final class ServerFixture implements AutoCloseable {

    private final WebApp app;
    private final MemoryBridge bridge;
    private final WireProtocol protocol;

    private ServerFixture(WebApp app, MemoryBridge bridge, WireProtocol protocol) {
        this.app = app;
        this.bridge = bridge;
        this.protocol = protocol;
    }

    /** Starts the app, with HTTP/1.1 clients; on failure it is stopped again and the failure propagates. */
    public static ServerFixture start(WebApp app) {
        return start(app, WireProtocol.HTTP1);
    }

    /** Starts the app, with clients that speak {@code protocol}. */
    public static ServerFixture start(WebApp app, WireProtocol protocol) {
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            throw e;
        }
        if (!Combination.MEMORY.equalsIgnoreCase(app.options().transport())) {
            return new ServerFixture(app, null, protocol);
        }
        try {
            URI endpoint = firstTcpUrl(app);
            return new ServerFixture(app, MemoryBridge.to(new InetSocketAddress(endpoint.getHost(), endpoint.getPort())),
                    protocol);
        } catch (RuntimeException e) {
            app.stop();
            throw e;
        }
    }

    /** What the fixture's clients speak. */
    public WireProtocol protocol() {
        return protocol;
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

    /** {@code http://127.0.0.1:PORT} (over TLS: {@code https}) followed by the path. */
    public URI uri(String path) {
        return URI.create(protocol.scheme() + "://127.0.0.1:" + port() + path);
    }

    /** The shared JDK client of the fixture's protocol. */
    public HttpClient client() {
        return protocol.client();
    }

    /** Sends a request with the JDK client, the body read as text. */
    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client().send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs curl speaking the fixture's protocol (see {@link Curl#run(byte[], String...)}). */
    public Curl.Result curl(byte[] stdin, String... args) throws java.io.IOException, InterruptedException {
        List<String> all = new java.util.ArrayList<>(protocol.curlArgs());
        all.addAll(List.of(args));
        return Curl.run(stdin, all.toArray(String[]::new));
    }

    /** Runs curl speaking the fixture's protocol. */
    public Curl.Result curl(String... args) throws java.io.IOException, InterruptedException {
        return curl(null, args);
    }

    /** GET with the JDK client. */
    public HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)));
    }

    /**
     * A new raw connection to the server, speaking the fixture's protocol on the wire: in
     * cleartext, or over TLS trusting the test authority ({@link TestCertificates#shared()}),
     * with SNI {@code localhost} and ALPN offering the protocol's id alone ({@code http/1.1} or
     * {@code h2}).
     */
    public RawConnection connect() throws java.io.IOException {
        return connect(socket -> { });
    }

    /** {@link #connect()} with options set on the TCP socket before it connects. */
    public RawConnection connect(RawConnection.SocketOptions options) throws java.io.IOException {
        if (!protocol.secure()) {
            return RawConnection.open("127.0.0.1", port(), options);
        }
        return RawConnection.openTls("127.0.0.1", port(), TestCertificates.shared().sslContext(), "localhost",
                protocol.applicationProtocol(), options);
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
