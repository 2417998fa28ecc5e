package dev.harrier.transport.quic;

import io.netty.handler.codec.quic.QuicResetTokenGenerator;
import java.nio.ByteBuffer;

final class SecretResetTokens implements QuicResetTokenGenerator {
    private final QuicResetTokenGenerator sign = QuicResetTokenGenerator.signGenerator();
    SecretResetTokens(byte[] key) {}
    public ByteBuffer newResetToken(ByteBuffer cid) { return sign.newResetToken(cid); }
}
