package dev.harrier.tests.support;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the clients of a {@link Combination} speak to the server: the HTTP version on the wire and
 * what makes the JDK client and curl use it, in cleartext or over TLS. A new way is a new entry
 * with its client settings; the tests stay as they are.
 */
public enum WireProtocol {

    /** HTTP/1.1 in cleartext: the JDK client at HTTP/1.1, curl's default, raw sockets. */
    HTTP1("h1", "HTTP/1.1", false, HttpClient.Version.HTTP_1_1, List.of(), 18),

    /**
     * HTTP/2 in cleartext (h2c): the JDK client at HTTP/2, which upgrades from HTTP/1.1
     * ({@code Upgrade: h2c}), and curl with prior knowledge.
     */
    H2C("h2c", "HTTP/2", false, HttpClient.Version.HTTP_2, List.of("--http2-prior-knowledge"), 92),

    /**
     * HTTP/1.1 over TLS: the server has the test authority's certificate
     * ({@link TestCertificates#shared()}), the JDK client at HTTP/1.1 and curl with
     * {@code --http1.1} trust that authority, and ALPN settles on {@code http/1.1}.
     */
    H1_TLS("h1-tls", "HTTP/1.1", true, HttpClient.Version.HTTP_1_1, List.of("--http1.1"), 18),

    /** HTTP/2 over TLS: as {@link #H1_TLS}, with ALPN settling on {@code h2}. */
    H2_TLS("h2", "HTTP/2", true, HttpClient.Version.HTTP_2, List.of("--http2"), 92);

    private final String label;
    private final String version;
    private final boolean secure;
    private final HttpClient client;
    private final List<String> curlArgs;
    private final int curlTruncatedExit;

    WireProtocol(String label, String version, boolean secure, HttpClient.Version jdkVersion, List<String> curlArgs,
            int curlTruncatedExit) {
        this.label = label;
        this.version = version;
        this.secure = secure;
        HttpClient.Builder client = HttpClient.newBuilder().version(jdkVersion).connectTimeout(Duration.ofSeconds(10));
        if (secure) {
            client.sslContext(TestCertificates.shared().sslContext());
        }
        this.client = client.build();
        List<String> curl = new ArrayList<>(curlArgs);
        if (secure) {
            curl.addAll(TestCertificates.shared().curlArgs());
        }
        this.curlArgs = List.copyOf(curl);
        this.curlTruncatedExit = curlTruncatedExit;
    }

    /** The protocol as the server reports it: {@code ctx.request().protocol()}. */
    public String version() {
        return version;
    }

    /** {@code https} over TLS, else {@code http}: the scheme of the server's URLs. */
    public String scheme() {
        return secure ? "https" : "http";
    }

    /** Whether the connection is TLS: the server needs a certificate the clients trust. */
    public boolean secure() {
        return secure;
    }

    /** The shared JDK client speaking this protocol. */
    public HttpClient client() {
        return client;
    }

    /** The curl options that make curl speak this protocol. */
    public List<String> curlArgs() {
        return curlArgs;
    }

    /**
     * curl's exit code for a response cut off after it started: 18 (partial transfer) on
     * HTTP/1.1, 92 (stream reset in the HTTP/2 framing layer) on HTTP/2.
     */
    public int curlTruncatedExit() {
        return curlTruncatedExit;
    }

    /** Whether raw HTTP/1.1 on a socket (over TLS: on a TLS connection) reaches the server this way. */
    public boolean http1Wire() {
        return version.equals("HTTP/1.1");
    }

    /** Whether HTTP/2 frames reach the server this way: with prior knowledge, or over TLS after ALPN {@code h2}. */
    public boolean http2Wire() {
        return version.equals("HTTP/2");
    }

    /**
     * The ALPN id a raw TLS connection offers ({@code http/1.1} or {@code h2}), so that the server
     * speaks this protocol on it; {@code null} in cleartext.
     */
    public String applicationProtocol() {
        return !secure ? null : version.equals("HTTP/2") ? "h2" : "http/1.1";
    }

    @Override
    public String toString() {
        return label;
    }
}
