package dev.harrier.tests.support;

import dev.harrier.http.CertificateConfig;
import dev.harrier.app.WebApp;
import dev.harrier.tls.certificates.CertificateBuilder;
import dev.harrier.tls.certificates.IssuedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test certificate authority and a server certificate it issued for {@code localhost},
 * {@code 127.0.0.1} and {@code ::1}, made with Harrier's own {@link CertificateBuilder}, with
 * what clients need to trust them: the CA as a PEM file ({@code curl --cacert}), an
 * {@link SSLContext} and a JDK {@link HttpClient}. To run a test over HTTPS, serve
 * {@code https://127.0.0.1:0} with {@link #useFor(WebApp)} and connect with
 * {@link #httpClient()} or {@link #curlArgs()}.
 */
public final class TestCertificates {

    private static TestCertificates shared;

    private final Path directory;
    private final IssuedCertificate authority;
    private final IssuedCertificate server;
    private final SSLContext sslContext;

    private TestCertificates(Path directory) throws IOException {
        this.directory = directory;
        this.authority = CertificateBuilder.forSubject("Harrier Test CA").certificateAuthority().selfSigned();
        this.server = CertificateBuilder.forSubject("localhost").dnsNames("localhost")
                .ipAddresses("127.0.0.1", "::1").serverAuth().issuedBy(authority);
        authority.writeCertificatePem(caFile());
        server.writePem(directory.resolve("server.pem"), directory.resolve("server.key"));
        this.sslContext = sslContext(null);
    }

    /** A new authority and server certificate, written to {@code directory}. */
    public static TestCertificates create(Path directory) {
        try {
            return new TestCertificates(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One authority and server certificate for the whole test run (in a temporary directory removed at exit). */
    public static synchronized TestCertificates shared() {
        if (shared == null) {
            try {
                Path directory = Files.createTempDirectory("harrier-test-certificates");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(directory)));
                shared = create(directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    public Path directory() {
        return directory;
    }

    public IssuedCertificate authority() {
        return authority;
    }

    public IssuedCertificate server() {
        return server;
    }

    /** The authority's certificate as PEM, for {@code curl --cacert} and trust stores. */
    public Path caFile() {
        return directory.resolve("ca.pem");
    }

    /** The server certificate as PEM files. */
    public CertificateConfig serverPem() {
        return CertificateConfig.pem(directory.resolve("server.pem"), directory.resolve("server.key"));
    }

    /** Makes the server certificate the app's default certificate, for every HTTPS endpoint. */
    public WebApp useFor(WebApp app) {
        app.options().httpsDefaults().certificate(serverPem());
        return app;
    }

    /** curl's options to trust the authority. */
    public List<String> curlArgs() {
        return List.of("--cacert", caFile().toString());
    }

    /** A TLS context that trusts the authority (and nothing else). */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** A TLS context that trusts the authority and presents {@code clientCertificate} when asked; none when {@code null}. */
    public SSLContext sslContext(IssuedCertificate clientCertificate) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("authority", authority.certificate());
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyManagerFactory keyManagers = null;
            if (clientCertificate != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("client", clientCertificate.privateKey(), new char[0],
                        clientCertificate.chain().toArray(Certificate[]::new));
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(keys, new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JDK client (HTTP/1.1) that trusts the authority. */
    public HttpClient httpClient() {
        return httpClient(sslContext);
    }

    /** A JDK client (HTTP/1.1) with this TLS context. */
    public static HttpClient httpClient(SSLContext context) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A server certificate for these host names, issued by the authority. */
    public IssuedCertificate issueServer(String commonName, String... dnsNames) {
        return CertificateBuilder.forSubject(commonName).dnsNames(dnsNames).serverAuth().issuedBy(authority);
    }

    /** A client certificate issued by the authority. */
    public IssuedCertificate issueClient(String commonName) {
        return CertificateBuilder.forSubject(commonName).clientAuth().issuedBy(authority);
    }

    /**
     * Opens a TLS connection to {@code 127.0.0.1:port} asking for {@code serverName} by SNI
     * (none when {@code null}) and completes the handshake; the certificate the server presented
     * is in {@code getSession().getPeerCertificates()}. Host names are not checked: a test
     * asserts which certificate came.
     */
    public SSLSocket connect(int port, String serverName, SSLContext context) throws IOException {
        return connect(port, serverName, context, parameters -> { });
    }

    /** {@link #connect(int, String, SSLContext)} with more parameters set, for example ALPN ids. */
    public SSLSocket connect(int port, String serverName, SSLContext context, Consumer<SSLParameters> configure)
            throws IOException {
        forgetSessions(context, port);
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        socket.setSoTimeout(15_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        configure.accept(parameters);
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /**
     * Forgets the client's sessions with servers that had this port before: a resumed session
     * carries the host name of the connection that made it (the JDK sends the SNI it had then),
     * not the one asked for now, and ports are reused from test to test.
     */
    private static void forgetSessions(SSLContext context, int port) {
        SSLSessionContext sessions = context.getClientSessionContext();
        for (byte[] id : Collections.list(sessions.getIds())) {
            SSLSession session = sessions.getSession(id);
            if (session != null && session.getPeerPort() == port) {
                session.invalidate();
            }
        }
    }

    /** The subject common name of the certificate a server presented on {@code socket}. */
    public static String presentedName(SSLSocket socket) throws IOException {
        X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
        return leaf.getSubjectX500Principal().getName().replaceFirst("^.*CN=([^,]+).*$", "$1");
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // best effort at exit
        }
    }
}
