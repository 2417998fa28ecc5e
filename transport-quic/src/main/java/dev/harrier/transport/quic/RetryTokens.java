package dev.harrier.transport.quic;

import dev.harrier.http.QuicLimits.AddressValidation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicTokenHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Address validation by Retry (RFC 9000 section 8.1.2): asks a client for a Retry round trip when the
 * {@link AddressValidation} mode says so, and accepts the token it then sends only from the address
 * it was made for, unaltered and before it expires.
 *
 * <p>A token is the format version ({@value #VERSION}, 1 byte), the expiry (8 bytes, milliseconds
 * since the epoch, big-endian), a tag ({@value #TAG_LENGTH} bytes: the start of the HMAC-SHA256
 * under the key of the version, the expiry, the length and bytes of the client's IP address, its
 * port as 2 bytes and the original destination connection id) and last the original destination
 * connection id, which Netty takes from {@value #DCID_OFFSET}, the offset that
 * {@link #validateToken} returns.
 */
final class RetryTokens implements QuicTokenHandler {

    /** The purpose of the key, for {@link QuicSecrets#key(String)}. */
    static final String PURPOSE = "retry-token";

    static final byte VERSION = 1;
    static final int TAG_LENGTH = 16;
    private static final int TAG_OFFSET = 1 + Long.BYTES;
    static final int DCID_OFFSET = TAG_OFFSET + TAG_LENGTH;
    private static final int MAX_LENGTH = DCID_OFFSET + Quic.MAX_CONN_ID_LEN;
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(RetryTokens.class);

    private final Hmac hmac;
    private final AddressValidation mode;
    private final IntSupplier handshakesInProgress;
    private final int handshakesBeforeValidation;
    private final long lifetimeMillis;
    private final Clock clock;
    private final LongAdder refused = new LongAdder();
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

    /**
     * @param handshakesInProgress the handshakes in progress, which {@code UNDER_LOAD} compares with
     *     {@code handshakesBeforeValidation}
     * @param lifetime how long a token is accepted after it was made, at least 1 ms
     */
    RetryTokens(byte[] key, AddressValidation mode, IntSupplier handshakesInProgress, int handshakesBeforeValidation,
            Duration lifetime, Clock clock) {
        this.hmac = new Hmac(key);
        this.mode = Objects.requireNonNull(mode, "mode");
        this.handshakesInProgress = Objects.requireNonNull(handshakesInProgress, "handshakesInProgress");
        this.handshakesBeforeValidation = handshakesBeforeValidation;
        this.lifetimeMillis = lifetime.toMillis();
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lifetimeMillis < 1) {
            throw new IllegalArgumentException("token lifetime must be at least 1 ms, was " + lifetime);
        }
    }

    /** Writes a token for {@code dcid} and {@code address} and returns {@code true} if a Retry is wanted now. */
    @Override
    public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
        if (!retryWanted()) {
            return false;
        }
        byte[] originalDcid = ByteBufUtil.getBytes(dcid);
        long expiry = clock.millis() + lifetimeMillis;
        out.writeByte(VERSION)
                .writeLong(expiry)
                .writeBytes(tag(expiry, address, originalDcid))
                .writeBytes(originalDcid);
        return true;
    }

    /**
     * {@value #DCID_OFFSET}, where the original destination connection id starts, if {@code token}
     * is valid for {@code address}; otherwise -1, counted in {@link #refused()}. The token's indices
     * are left as they were.
     */
    @Override
    public int validateToken(ByteBuf token, InetSocketAddress address) {
        int length = token.readableBytes();
        if (length >= DCID_OFFSET && length <= MAX_LENGTH && isValid(ByteBufUtil.getBytes(token), address)) {
            return DCID_OFFSET;
        }
        refused.increment();
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLogged.compareAndSet(last, now)) {
            LOG.warn("Dropped a QUIC Initial packet from {} with a forged, expired or foreign address-validation"
                    + " token; {} dropped so far (logged at most every 10 s)", address, refused.sum());
        }
        return -1;
    }

    @Override
    public int maxTokenLength() {
        return MAX_LENGTH;
    }

    /** Tokens refused by {@link #validateToken} so far. */
    long refused() {
        return refused.sum();
    }

    private boolean retryWanted() {
        return switch (mode) {
            case ALWAYS -> true;
            case UNDER_LOAD -> handshakesInProgress.getAsInt() > handshakesBeforeValidation;
            case NEVER -> false;
        };
    }

    private boolean isValid(byte[] token, InetSocketAddress address) {
        if (token[0] != VERSION) {
            return false;
        }
        long expiry = ByteBuffer.wrap(token).getLong(1);
        byte[] tag = Arrays.copyOfRange(token, TAG_OFFSET, DCID_OFFSET);
        byte[] originalDcid = Arrays.copyOfRange(token, DCID_OFFSET, token.length);
        return MessageDigest.isEqual(tag, tag(expiry, address, originalDcid)) && clock.millis() <= expiry;
    }

    private byte[] tag(long expiry, InetSocketAddress address, byte[] originalDcid) {
        byte[] ip = address.getAddress().getAddress();
        ByteBuffer signed = ByteBuffer.allocate(TAG_OFFSET + 1 + ip.length + Short.BYTES + originalDcid.length)
                .put(VERSION)
                .putLong(expiry)
                .put((byte) ip.length)
                .put(ip)
                .putShort((short) address.getPort())
                .put(originalDcid);
        return Arrays.copyOf(hmac.sign(signed.array()), TAG_LENGTH);
    }
}
