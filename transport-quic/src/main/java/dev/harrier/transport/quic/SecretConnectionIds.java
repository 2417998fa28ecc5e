package dev.harrier.transport.quic;

import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicConnectionIdGenerator;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * Connection ids signed with the key: the id for an input is the start of its HMAC-SHA256, the same
 * for a repeated Initial packet and in every process with the same secret.
 */
final class SecretConnectionIds implements QuicConnectionIdGenerator {

    /** The purpose of the key, for {@link QuicSecrets#key(String)}. */
    static final String PURPOSE = "connection-id";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Hmac hmac;

    SecretConnectionIds(byte[] key) {
        hmac = new Hmac(key);
    }

    /** {@code length} random bytes, for ids with no input to sign. */
    @Override
    public ByteBuffer newId(int length) {
        byte[] id = new byte[checkLength(length)];
        RANDOM.nextBytes(id);
        return ByteBuffer.wrap(id);
    }

    /** The first {@code length} bytes of the HMAC of the bytes remaining in {@code input}, leaving its position. */
    @Override
    public ByteBuffer newId(ByteBuffer input, int length) {
        return hmac.sign(input, checkLength(length));
    }

    @Override
    public int maxConnectionIdLength() {
        return Quic.MAX_CONN_ID_LEN;
    }

    /** {@code true}: one input always gives one id. */
    @Override
    public boolean isIdempotent() {
        return true;
    }

    private static int checkLength(int length) {
        if (length < 0 || length > Quic.MAX_CONN_ID_LEN) {
            throw new IllegalArgumentException(
                    "connection id length must be between 0 and " + Quic.MAX_CONN_ID_LEN + ", was " + length);
        }
        return length;
    }
}
