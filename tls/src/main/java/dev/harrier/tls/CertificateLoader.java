package dev.harrier.tls;

import dev.harrier.http.CertificateConfig;
import dev.harrier.tls.certificates.PemFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;

/**
 * Reads server certificates and client-certificate trust from files, and checks what would
 * otherwise fail only at the first handshake: the key belongs to the certificate, and the
 * certificate is valid now. Every failure is an {@link IOException} whose message names the
 * file and says what is wrong.
 */
final class CertificateLoader {

    /** A private key and its certificate chain, leaf first. */
    record KeyMaterial(PrivateKey key, List<X509Certificate> chain) {
        X509Certificate leaf() {
            return chain.get(0);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateLoader() {
    }

    static KeyMaterial load(CertificateConfig config) throws IOException {
        KeyMaterial material = config.isPem() ? readPem(config) : readPkcs12(config);
        checkKeyMatches(material, config);
        checkValidity(material.leaf(), config.path());
        return material;
    }

    /** The trust manager of the certificate authorities in a PEM bundle or a PKCS #12 file. */
    static TrustManagerFactory trust(Path file, String password) throws IOException {
        try {
            KeyStore store;
            if (isPem(file)) {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (X509Certificate authority : PemFiles.readCertificates(file)) {
                    store.setCertificateEntry("authority-" + i++, authority);
                }
            } else {
                store = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(file)) {
                    store.load(in, password == null ? null : password.toCharArray());
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (IOException e) {
            throw failure(file, "the client certificate trust", e);
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot read the client certificate trust " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyMaterial readPem(CertificateConfig config) throws IOException {
        List<X509Certificate> chain;
        try {
            chain = PemFiles.readCertificates(config.path());
        } catch (IOException e) {
            throw failure(config.path(), "the certificate file", e);
        }
        PrivateKey key;
        try {
            key = PemFiles.readPrivateKey(config.keyPath(),
                    config.keyPassword() == null ? null : config.keyPassword().toCharArray());
        } catch (IOException e) {
            throw failure(config.keyPath(), "the private key file", e);
        }
        return new KeyMaterial(key, chain);
    }

    private static KeyMaterial readPkcs12(CertificateConfig config) throws IOException {
        Path file = config.path();
        boolean pem;
        try {
            pem = isPem(file);
        } catch (IOException e) {
            throw failure(file, "the certificate file", e);
        }
        if (pem) {
            throw new IOException("Cannot read the certificate file " + file + ": it is a PEM file, so its private key"
                    + " file must be configured too (keyPath); a file without keyPath must be PKCS #12.");
        }
        char[] password = config.password() == null ? new char[0] : config.password().toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, password);
            }
            for (String alias : Collections.list(store.aliases())) {
                Certificate[] chain = store.getCertificateChain(alias);
                if (store.isKeyEntry(alias) && store.getKey(alias, password) instanceof PrivateKey key
                        && chain != null && chain.length > 0) {
                    List<X509Certificate> certificates = new ArrayList<>();
                    for (Certificate link : chain) {
                        certificates.add((X509Certificate) link);
                    }
                    return new KeyMaterial(key, certificates);
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw wrongPassword(file, e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw wrongPassword(file, e);
            }
            throw new IOException("Cannot read the certificate file " + file + ": it is not a valid PKCS #12 file ("
                    + e.getMessage() + ").", e);
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot read the certificate file " + file + " as PKCS #12: " + e.getMessage() + ".", e);
        }
        throw new IOException("Cannot read the certificate file " + file
                + ": the PKCS #12 file holds no private key with its certificate.");
    }

    private static IOException wrongPassword(Path file, Exception cause) {
        return new IOException("Cannot read the certificate file " + file + ": the PKCS #12 password is wrong (or missing).",
                cause);
    }

    /** Signs a random challenge with the key and verifies it with the certificate's public key. */
    private static void checkKeyMatches(KeyMaterial material, CertificateConfig config) throws IOException {
        String algorithm = switch (material.key().getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> material.key().getAlgorithm();
        };
        boolean matches;
        try {
            byte[] challenge = new byte[32];
            RANDOM.nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                signer.setParameter(new PSSParameterSpec("SHA-256", "MGF1",
                        MGF1ParameterSpec.SHA256, 32, 1));
            }
            signer.initSign(material.key());
            signer.update(challenge);
            byte[] signature = signer.sign();
            signer.initVerify(material.leaf().getPublicKey());
            signer.update(challenge);
            matches = signer.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            Path keyFile = config.isPem() ? config.keyPath() : config.path();
            throw new IOException("The private key in " + keyFile + " does not belong to the certificate "
                    + material.leaf().getSubjectX500Principal() + " in " + config.path()
                    + ": configure the key that was issued with this certificate.");
        }
    }

    private static void checkValidity(X509Certificate certificate, Path file) throws IOException {
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new IOException("The certificate " + certificate.getSubjectX500Principal() + " in " + file
                    + " expired on " + certificate.getNotAfter().toInstant() + ": renew it.", e);
        } catch (CertificateNotYetValidException e) {
            throw new IOException("The certificate " + certificate.getSubjectX500Principal() + " in " + file
                    + " is not valid before " + certificate.getNotBefore().toInstant() + ": check the clock.", e);
        }
    }

    private static boolean isPem(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4096);
            return new String(head, StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
        }
    }

    private static IOException failure(Path file, String what, IOException cause) {
        if (cause.getMessage() != null && cause.getMessage().startsWith("Cannot read")) {
            return cause;
        }
        String why = cause instanceof NoSuchFileException ? "the file does not exist"
                : cause instanceof AccessDeniedException ? "permission denied"
                : cause.getMessage();
        return new IOException("Cannot read " + what + " " + file + ": " + why + ".", cause);
    }
}
