package dev.harrier.transport.quic;

import io.netty.handler.codec.quic.QuicConnectionIdGenerator;
import java.nio.ByteBuffer;

final class SecretConnectionIds implements QuicConnectionIdGenerator {
    private final QuicConnectionIdGenerator random = QuicConnectionIdGenerator.randomGenerator();
    SecretConnectionIds(byte[] key) {}
    public ByteBuffer newId(int length) { return random.newId(length); }
    public ByteBuffer newId(ByteBuffer input, int length) { return random.newId(length); }
    public int maxConnectionIdLength() { return random.maxConnectionIdLength(); }
    public boolean isIdempotent() { return false; }
}
