package dev.harrier.tls.certificates;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The development certificate, like {@code dotnet dev-certs https}: a self-signed certificate
 * for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, valid for a year, kept in
 * {@code ~/.harrier/dev-certs/} ({@value #CERTIFICATE_FILE} and {@value #KEY_FILE}, the key
 * and the directory readable by their owner only). HTTPS endpoints on the loopback interface
 * use it in the {@code Development} environment when no certificate is configured.
 */
public final class DevelopmentCertificate {

    /** The certificate file, PEM. */
    public static final String CERTIFICATE_FILE = "localhost.pem";
    /** The private key file, unencrypted PKCS #8 PEM. */
    public static final String KEY_FILE = "localhost.key";

    private static final Duration VALIDITY = Duration.ofDays(365);

    private final Path directory;

    private DevelopmentCertificate(Path directory) {
        this.directory = directory;
    }

    /** The development certificate of the current user: {@code ~/.harrier/dev-certs/}. */
    public static DevelopmentCertificate ofCurrentUser() {
        return in(Path.of(System.getProperty("user.home"), ".harrier", "dev-certs"));
    }

    /** A development certificate kept in {@code directory}. */
    public static DevelopmentCertificate in(Path directory) {
        return new DevelopmentCertificate(directory.toAbsolutePath());
    }

    public Path directory() {
        return directory;
    }

    public Path certificateFile() {
        return directory.resolve(CERTIFICATE_FILE);
    }

    public Path keyFile() {
        return directory.resolve(KEY_FILE);
    }

    /**
     * The certificate if both files exist, else empty.
     *
     * @throws IOException when the certificate file exists but cannot be read or parsed
     */
    public Optional<X509Certificate> read() throws IOException {
        if (!Files.exists(certificateFile()) || !Files.exists(keyFile())) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(certificateFile())) {
            return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (CertificateException | ClassCastException e) {
            throw new IOException("The development certificate " + certificateFile() + " cannot be read: " + e.getMessage()
                    + ". Remove it with 'harrier dev-certs --clean' and create a new one.", e);
        }
    }

    /**
     * The certificate with its private key, to export it.
     *
     * @throws IOException when there is none, or its files cannot be read
     */
    public IssuedCertificate load() throws IOException {
        X509Certificate certificate = read().orElseThrow(() -> new IOException("There is no development certificate in "
                + directory + "; create one with 'harrier dev-certs'."));
        try {
            return new IssuedCertificate(certificate, PemFiles.readPrivateKey(keyFile(), null), List.of());
        } catch (IOException e) {
            throw new IOException("The development key " + keyFile() + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Whether a certificate exists that is valid now and for at least another day. */
    public boolean isUsable() throws IOException {
        Optional<X509Certificate> existing = read();
        return existing.isPresent() && existing.get().getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(1)))
                && !existing.get().getNotBefore().toInstant().isAfter(Instant.now());
    }

    /** Makes a new certificate and key, replacing any there are. */
    public X509Certificate create() throws IOException {
        CertificateFiles.createPrivateDirectory(directory);
        Instant now = Instant.now();
        IssuedCertificate certificate = CertificateBuilder.forSubject("localhost")
                .organization("Harrier development certificate")
                .dnsNames("localhost")
                .ipAddresses("127.0.0.1", "::1")
                .serverAuth()
                .validity(now.minus(Duration.ofMinutes(5)), now.plus(VALIDITY))
                .selfSigned();
        certificate.writePem(certificateFile(), keyFile());
        return certificate.certificate();
    }

    /** Removes the certificate and its key; {@code false} when there was none. */
    public boolean clean() throws IOException {
        boolean removed = Files.deleteIfExists(certificateFile());
        removed |= Files.deleteIfExists(keyFile());
        return removed;
    }
}
