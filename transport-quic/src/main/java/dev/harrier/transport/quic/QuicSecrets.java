package dev.harrier.transport.quic;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

final class QuicSecrets {
    private final byte[] secret;
    private QuicSecrets(byte[] secret) { this.secret = secret; }
    static QuicSecrets load(Path file) {
        byte[] s = new byte[32];
        new SecureRandom().nextBytes(s);
        return new QuicSecrets(s);
    }
    byte[] key(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
