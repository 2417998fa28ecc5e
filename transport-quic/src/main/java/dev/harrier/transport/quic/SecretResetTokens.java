package dev.harrier.transport.quic;

import io.netty.handler.codec.quic.QuicResetTokenGenerator;
import java.nio.ByteBuffer;

/**
 * Stateless reset tokens (RFC 9000 section 10.3) signed with the key: the token of a connection id
 * is the start of its HMAC-SHA256, the same in every process with the same secret and not to be
 * guessed without it.
 */
final class SecretResetTokens implements QuicResetTokenGenerator {

    /** The purpose of the key, for {@link QuicSecrets#key(String)}. */
    static final String PURPOSE = "reset-token";

    /** Bytes of a stateless reset token. */
    static final int LENGTH = 16;

    private final Hmac hmac;

    SecretResetTokens(byte[] key) {
        hmac = new Hmac(key);
    }

    /** The first {@value #LENGTH} bytes of the HMAC of the bytes remaining in {@code cid}, leaving its position. */
    @Override
    public ByteBuffer newResetToken(ByteBuffer cid) {
        return hmac.sign(cid, LENGTH);
    }
}
