package dev.harrier.tls.certificates;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/** PEM text (RFC 7468) and password-encrypted PKCS #8 keys. */
final class Pem {

    static final String CERTIFICATE = "CERTIFICATE";
    static final String PRIVATE_KEY = "PRIVATE KEY";
    static final String ENCRYPTED_PRIVATE_KEY = "ENCRYPTED PRIVATE KEY";

    /** PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, which OpenSSL and the JDK both read. */
    private static final String KEY_ENCRYPTION = "PBEWithHmacSHA256AndAES_256";
    private static final int KEY_ENCRYPTION_ITERATIONS = 10_000;
    static final String PBES2_OID = "1.2.840.113549.1.5.13";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Pem() {
    }

    static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** The key as an encrypted PKCS #8 structure ({@code EncryptedPrivateKeyInfo}). */
    static byte[] encrypt(PrivateKey key, char[] password) {
        try {
            byte[] salt = new byte[16];
            byte[] iv = new byte[16];
            RANDOM.nextBytes(salt);
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance(KEY_ENCRYPTION);
            cipher.init(Cipher.ENCRYPT_MODE, SecretKeyFactory.getInstance(KEY_ENCRYPTION).generateSecret(new PBEKeySpec(password)),
                    new PBEParameterSpec(salt, KEY_ENCRYPTION_ITERATIONS, new IvParameterSpec(iv)));
            byte[] encrypted = cipher.doFinal(key.getEncoded());
            // EncryptedPrivateKeyInfo cannot name PBES2 from these parameters itself; the structure is simple.
            return Der.sequence(Der.sequence(Der.oid(PBES2_OID), cipher.getParameters().getEncoded()),
                    Der.octetString(encrypted));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot encrypt a private key: " + e, e);
        }
    }
}
