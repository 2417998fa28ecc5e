package dev.harrier.benchmarks;

import dev.harrier.tls.certificates.CertificateBuilder;
import dev.harrier.tls.certificates.CertificateBuilder.KeyAlgorithm;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the certificates of the TLS handshake benchmark ({@code tls-handshakes.sh}): a
 * self-signed {@code localhost} certificate with an ECDSA P-256 key ({@code DIR/ec.pem},
 * {@code DIR/ec.key}) and one with an RSA 2048 key ({@code DIR/rsa.pem}, {@code DIR/rsa.key}).
 */
public final class BenchmarkCertificate {

    private BenchmarkCertificate() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BenchmarkCertificate DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        write(dir, "ec", KeyAlgorithm.EC_P256);
        write(dir, "rsa", KeyAlgorithm.RSA_2048);
    }

    private static void write(Path dir, String name, KeyAlgorithm algorithm) throws IOException {
        CertificateBuilder.forSubject("localhost").dnsNames("localhost").ipAddresses("127.0.0.1").serverAuth()
                .keyAlgorithm(algorithm).selfSigned().writePem(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    }
}
