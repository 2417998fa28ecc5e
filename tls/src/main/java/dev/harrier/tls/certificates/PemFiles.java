package dev.harrier.tls.certificates;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads certificates and private keys from PEM files: {@code CERTIFICATE} blocks, and a
 * {@code PRIVATE KEY} (PKCS #8), {@code ENCRYPTED PRIVATE KEY} (PKCS #8 with a password),
 * {@code RSA PRIVATE KEY} (PKCS #1) or {@code EC PRIVATE KEY} (SEC 1). Failures are
 * {@link IOException}s whose message says what is wrong with the file, without its name.
 */
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String[] KEY_TYPES = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"};

    private PemFiles() {
    }

    /** The certificates of a PEM file, in file order; at least one. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
        for (Block block : blocks(file)) {
            if (block.label.equals(Pem.CERTIFICATE)) {
                try {
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der)));
                } catch (CertificateException e) {
                    throw new IOException("a CERTIFICATE block is not a valid X.509 certificate (" + e.getMessage() + ")", e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new IOException("it holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /**
     * The private key of a PEM file.
     *
     * @param password the password of an encrypted key, else {@code null}
     */
    public static PrivateKey readPrivateKey(Path file, char[] password) throws IOException {
        for (Block block : blocks(file)) {
            switch (block.label) {
                case Pem.PRIVATE_KEY:
                    return pkcs8(block.der);
                case Pem.ENCRYPTED_PRIVATE_KEY:
                    if (password == null) {
                        throw new IOException("the private key is encrypted, and no key password is configured");
                    }
                    return pkcs8(decrypt(block.der, password));
                case "RSA PRIVATE KEY":
                case "EC PRIVATE KEY":
                    if (block.text.contains("ENCRYPTED")) {
                        throw new IOException("the private key is in the legacy encrypted PEM format; convert it to PKCS #8"
                                + " with 'openssl pkcs8 -topk8 -in OLD -out NEW'");
                    }
                    return pkcs8(block.label.startsWith("RSA") ? rsaToPkcs8(block.der) : ecToPkcs8(block.der));
                default:
                    break;
            }
        }
        throw new IOException("it holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private record Block(String label, String text, byte[] der) {
    }

    private static List<Block> blocks(Path file) throws IOException {
        String content = Files.readString(file, StandardCharsets.ISO_8859_1);
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(content);
        while (matcher.find()) {
            String body = matcher.group(2);
            StringBuilder base64 = new StringBuilder();
            for (String line : body.split("\\r?\\n")) {
                if (!line.contains(":")) {
                    base64.append(line.strip());
                }
            }
            try {
                blocks.add(new Block(matcher.group(1), body, Base64.getDecoder().decode(base64.toString())));
            } catch (IllegalArgumentException e) {
                throw new IOException("its " + matcher.group(1) + " block is not valid Base64 (" + e.getMessage() + ")", e);
            }
        }
        if (blocks.isEmpty()) {
            throw new IOException("it is not a PEM file (no -----BEGIN ...----- block)");
        }
        return blocks;
    }

    private static PrivateKey pkcs8(byte[] der) throws IOException {
        for (String type : KEY_TYPES) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException | NoSuchAlgorithmException | ClassCastException e) {
                // not this key type: try the next
            }
        }
        throw new IOException("the private key is not an RSA, EC or EdDSA key the JDK can read");
    }

    private static byte[] decrypt(byte[] der, char[] password) throws IOException {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            AlgorithmParameters parameters = info.getAlgParameters();
            String algorithm = info.getAlgName();
            if (algorithm.equals("PBES2") || algorithm.equals(Pem.PBES2_OID)) {
                algorithm = parameters.toString();
            }
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password)),
                    parameters);
            return info.getKeySpec(cipher).getEncoded();
        } catch (InvalidKeySpecException e) {
            throw new IOException("the private key cannot be decrypted: the key password is wrong", e);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new IOException("the encrypted private key cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Wraps a PKCS #1 RSAPrivateKey in a PKCS #8 PrivateKeyInfo. */
    private static byte[] rsaToPkcs8(byte[] pkcs1) {
        return Der.sequence(Der.integer(0), Der.sequence(Der.oid("1.2.840.113549.1.1.1"), Der.nullValue()),
                Der.octetString(pkcs1));
    }

    /** Wraps a SEC 1 ECPrivateKey in a PKCS #8 PrivateKeyInfo, naming the curve its parameters name. */
    private static byte[] ecToPkcs8(byte[] sec1) throws IOException {
        try {
            DerReader key = new DerReader(sec1).enter(Der.SEQUENCE);
            key.read(Der.INTEGER);
            key.read(Der.OCTET_STRING);
            while (key.hasMore()) {
                if (key.peekTag() == 0xA0) {
                    byte[] curve = key.enter(0xA0).readElement();
                    return Der.sequence(Der.integer(0), Der.sequence(Der.oid("1.2.840.10045.2.1"), curve),
                            Der.octetString(sec1));
                }
                key.readElement();
            }
        } catch (IllegalArgumentException e) {
            throw new IOException("the EC private key is malformed (" + e.getMessage() + ")", e);
        }
        throw new IOException("the EC private key does not name its curve; convert it to PKCS #8 with 'openssl pkcs8 -topk8 -nocrypt'");
    }
}
