package dev.harrier.transport.quic;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 under one key, with a {@link Mac} for each thread since a {@code Mac} is not thread-safe. */
final class Hmac {

    private static final String ALGORITHM = "HmacSHA256";

    private final ThreadLocal<Mac> macs;

    Hmac(byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key, ALGORITHM);
        macs = ThreadLocal.withInitial(() -> newMac(spec));
    }

    /** The HMAC of {@code input}. */
    byte[] sign(byte[] input) {
        return macs.get().doFinal(input);
    }

    /** The first {@code length} bytes of the HMAC of the bytes remaining in {@code input}, leaving its position. */
    ByteBuffer sign(ByteBuffer input, int length) {
        Mac mac = macs.get();
        mac.update(input.duplicate());
        return ByteBuffer.wrap(Arrays.copyOf(mac.doFinal(), length));
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }
}
