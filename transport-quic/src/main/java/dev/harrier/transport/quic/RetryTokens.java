package dev.harrier.transport.quic;

import dev.harrier.http.QuicLimits;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicTokenHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;

final class RetryTokens implements QuicTokenHandler {
    RetryTokens(byte[] key, QuicLimits.AddressValidation mode, IntSupplier handshakes, int threshold, Duration lifetime, Clock clock) {}
    public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) { return false; }
    public int validateToken(ByteBuf token, InetSocketAddress address) { return -1; }
    public int maxTokenLength() { return 64; }
}
