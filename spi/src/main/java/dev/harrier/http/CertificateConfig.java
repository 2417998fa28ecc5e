package dev.harrier.http;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a server certificate and its private key are, as Kestrel's {@code Certificate}
 * section: a PKCS #12 file ({@code path} and its {@code password}) or PEM files ({@code path}
 * for the certificate chain, {@code keyPath} for the key, {@code keyPassword} when the key is
 * encrypted). The files are read at start-up and again whenever they change.
 *
 * @param path        the PKCS #12 file, or the PEM certificate chain (leaf first)
 * @param password    the PKCS #12 password, or {@code null}
 * @param keyPath     the PEM private key, or {@code null} for PKCS #12
 * @param keyPassword the password of an encrypted PEM key, or {@code null}
 */
public record CertificateConfig(Path path, String password, Path keyPath, String keyPassword) {

    public CertificateConfig {
        Objects.requireNonNull(path, "path");
        if (keyPath == null && keyPassword != null) {
            throw new IllegalArgumentException("A key password needs a PEM key file (keyPath)");
        }
    }

    /** A PKCS #12 ({@code .pfx}, {@code .p12}) file holding the key and the chain. */
    public static CertificateConfig pkcs12(Path path, String password) {
        return new CertificateConfig(path, password, null, null);
    }

    /** A PEM certificate chain and an unencrypted PEM private key. */
    public static CertificateConfig pem(Path certificatePath, Path keyPath) {
        return pem(certificatePath, keyPath, null);
    }

    /** A PEM certificate chain and a PEM private key encrypted with {@code keyPassword}. */
    public static CertificateConfig pem(Path certificatePath, Path keyPath, String keyPassword) {
        return new CertificateConfig(certificatePath, null, Objects.requireNonNull(keyPath, "keyPath"), keyPassword);
    }

    /** Whether the certificate and key are PEM files rather than one PKCS #12 file. */
    public boolean isPem() {
        return keyPath != null;
    }

    /** Shows the files, never the passwords. */
    @Override
    public String toString() {
        return isPem() ? "PEM " + path + " with key " + keyPath : "PKCS #12 " + path;
    }
}
