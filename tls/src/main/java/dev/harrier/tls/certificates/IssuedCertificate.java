package dev.harrier.tls.certificates;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A certificate with its private key, as made by {@link CertificateBuilder}, and ways to write
 * it the way servers and clients read certificates: PEM files or a PKCS #12 file.
 *
 * @param certificate the certificate
 * @param privateKey  its private key
 * @param issuers     the certificates that issued it, nearest first; empty when self-signed
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> issuers) {

    public IssuedCertificate {
        issuers = List.copyOf(issuers);
    }

    /** The chain a server presents: this certificate and its issuers, without the self-signed root. */
    public List<X509Certificate> chain() {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        for (X509Certificate issuer : issuers) {
            if (!issuer.getSubjectX500Principal().equals(issuer.getIssuerX500Principal())) {
                chain.add(issuer);
            }
        }
        return chain;
    }

    /** The certificate alone in PEM, as a trust store or {@code curl --cacert} reads it. */
    public String certificatePem() {
        return Pem.encode(Pem.CERTIFICATE, encoded(certificate));
    }

    /** Writes the certificate alone as PEM (for a trust store or {@code curl --cacert}). */
    public void writeCertificatePem(Path file) throws IOException {
        CertificateFiles.write(file, certificatePem().getBytes(StandardCharsets.US_ASCII), false);
    }

    /**
     * Writes the {@link #chain()} as PEM to {@code certificateFile} and the private key as
     * unencrypted PKCS #8 PEM to {@code keyFile}, readable by its owner only.
     */
    public void writePem(Path certificateFile, Path keyFile) throws IOException {
        writePem(certificateFile, keyFile, null);
    }

    /**
     * Writes the {@link #chain()} as PEM to {@code certificateFile} and the private key as PKCS
     * #8 PEM to {@code keyFile}, readable by its owner only; encrypted with {@code keyPassword}
     * (PBES2, AES-256) unless it is {@code null}.
     */
    public void writePem(Path certificateFile, Path keyFile, char[] keyPassword) throws IOException {
        StringBuilder chain = new StringBuilder();
        for (X509Certificate link : chain()) {
            chain.append(Pem.encode(Pem.CERTIFICATE, encoded(link)));
        }
        String key = keyPassword == null
                ? Pem.encode(Pem.PRIVATE_KEY, privateKey.getEncoded())
                : Pem.encode(Pem.ENCRYPTED_PRIVATE_KEY, Pem.encrypt(privateKey, keyPassword));
        CertificateFiles.write(keyFile, key.getBytes(StandardCharsets.US_ASCII), true);
        CertificateFiles.write(certificateFile, chain.toString().getBytes(StandardCharsets.US_ASCII), false);
    }

    /** Writes the key and the {@link #chain()} as a PKCS #12 file protected by {@code password}, readable by its owner only. */
    public void writePkcs12(Path file, char[] password) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("harrier", privateKey, password, chain().toArray(Certificate[]::new));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            CertificateFiles.write(file, out.toByteArray(), true);
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot write a PKCS #12 file: " + e, e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
