package dev.harrier.transport.quic;

import java.security.SecureRandom;

/** Keys for tests that need one without a secret behind it. */
final class Keys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Keys() {
    }

    static byte[] random() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }
}
