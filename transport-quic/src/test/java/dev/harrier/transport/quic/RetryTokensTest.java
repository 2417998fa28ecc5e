package dev.harrier.transport.quic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.http.QuicLimits.AddressValidation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.quic.Quic;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryTokensTest {

    private static final Duration LIFETIME = Duration.ofSeconds(10);
    private static final InetSocketAddress CLIENT = address("192.0.2.7", 50_000);
    private static final byte[] DCID = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    private final MutableClock clock = new MutableClock();
    private final byte[] key = Keys.random();
    private final List<ByteBuf> buffers = new ArrayList<>();

    @AfterEach
    void releaseBuffers() {
        buffers.forEach(ByteBuf::release);
    }

    @Test
    void aTokenIsValidForItsAddressAndGivesTheOffsetOfTheOriginalDcid() {
        RetryTokens tokens = always();
        ByteBuf dcid = buffer(new byte[] {9, 9, 9}).writeBytes(DCID).skipBytes(3);
        byte[] token = write(tokens, dcid, CLIENT);
        assertEquals(3, dcid.readerIndex(), "the dcid's reader index");
        assertEquals(RetryTokens.DCID_OFFSET + DCID.length, token.length);

        // As Netty passes it: a slice of the token within the packet, whose bytes after the offset are the dcid.
        ByteBuf packet = buffer(new byte[] {42, 42, 42, 42, 42}).writeBytes(token).skipBytes(5);
        ByteBuf slice = packet.slice();
        int offset = tokens.validateToken(slice, CLIENT);
        assertEquals(RetryTokens.DCID_OFFSET, offset);
        assertArrayEquals(DCID, ByteBufUtil.getBytes(slice.slice(offset, slice.readableBytes() - offset)));
        assertEquals(0, slice.readerIndex(), "the token's reader index");
        assertEquals(token.length, slice.readableBytes());
        assertEquals(0, tokens.refused());
    }

    @Test
    void theLongestDcidFitsTheMaximalTokenLength() {
        RetryTokens tokens = always();
        byte[] dcid = new byte[Quic.MAX_CONN_ID_LEN];
        new Random(1).nextBytes(dcid);
        byte[] token = write(tokens, buffer(dcid), CLIENT);
        assertEquals(tokens.maxTokenLength(), token.length);
        assertEquals(RetryTokens.DCID_OFFSET, tokens.validateToken(buffer(token), CLIENT));
    }

    @Test
    void anotherIpOrPortIsRefused() {
        RetryTokens tokens = always();
        byte[] token = write(tokens, buffer(DCID), CLIENT);
        assertEquals(-1, tokens.validateToken(buffer(token), address("192.0.2.8", 50_000)));
        assertEquals(-1, tokens.validateToken(buffer(token), address("192.0.2.7", 50_001)));
        assertEquals(-1, tokens.validateToken(buffer(token), address("2001:db8::7", 50_000)));
        assertEquals(RetryTokens.DCID_OFFSET, tokens.validateToken(buffer(token), address("192.0.2.7", 50_000)));
        assertEquals(3, tokens.refused());
    }

    @Test
    void anIpv6ClientHasItsOwnTokens() {
        RetryTokens tokens = always();
        InetSocketAddress client = address("2001:db8::7", 443);
        byte[] token = write(tokens, buffer(DCID), client);
        assertEquals(RetryTokens.DCID_OFFSET, tokens.validateToken(buffer(token), client));
        assertEquals(-1, tokens.validateToken(buffer(token), address("2001:db8::8", 443)));
    }

    @Test
    void aTokenCannotBeMovedToAnIpv6AddressSpelledWithTheIpv4AddressPortAndDcid() throws Exception {
        RetryTokens tokens = always();
        byte[] dcid = new byte[Quic.MAX_CONN_ID_LEN];
        new Random(3).nextBytes(dcid);
        byte[] token = write(tokens, buffer(dcid), CLIENT);
        byte[] ip = ByteBuffer.allocate(16).put(CLIENT.getAddress().getAddress())
                .putShort((short) CLIENT.getPort()).put(dcid, 0, 10).array();
        int port = ((dcid[10] & 0xff) << 8) | (dcid[11] & 0xff);
        byte[] moved = Arrays.copyOf(token, token.length - 12);
        System.arraycopy(dcid, 12, moved, RetryTokens.DCID_OFFSET, 8);
        InetSocketAddress spelled = new InetSocketAddress(InetAddress.getByAddress(ip), port);
        assertEquals(-1, tokens.validateToken(buffer(moved), spelled));
    }

    @Test
    void anExpiredTokenIsRefused() {
        RetryTokens tokens = always();
        byte[] token = write(tokens, buffer(DCID), CLIENT);
        clock.advance(LIFETIME);
        assertEquals(RetryTokens.DCID_OFFSET, tokens.validateToken(buffer(token), CLIENT), "at its expiry");
        clock.advance(Duration.ofMillis(1));
        assertEquals(-1, tokens.validateToken(buffer(token), CLIENT), "after its expiry");
        assertEquals(1, tokens.refused());
    }

    @Test
    void aTokenWithAnyBitFlippedIsRefused() {
        RetryTokens tokens = always();
        byte[] token = write(tokens, buffer(DCID), CLIENT);
        for (int i = 0; i < token.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] altered = token.clone();
                altered[i] ^= (byte) (1 << bit);
                assertEquals(-1, tokens.validateToken(buffer(altered), CLIENT), "bit " + bit + " of byte " + i);
            }
        }
        assertEquals(token.length * 8L, tokens.refused());
        assertEquals(RetryTokens.DCID_OFFSET, tokens.validateToken(buffer(token), CLIENT));
    }

    @Test
    void garbageTruncatedOrExtendedTokensAreRefusedWithoutException() {
        RetryTokens tokens = always();
        byte[] token = write(tokens, buffer(DCID), CLIENT);
        long refused = 0;
        for (int length = 0; length < token.length; length++) {
            assertEquals(-1, tokens.validateToken(buffer(Arrays.copyOf(token, length)), CLIENT), "" + length);
            refused++;
        }
        byte[] extended = Arrays.copyOf(token, token.length + 1);
        assertEquals(-1, tokens.validateToken(buffer(extended), CLIENT));
        refused++;
        assertEquals(-1, tokens.validateToken(Unpooled.EMPTY_BUFFER, CLIENT));
        refused++;
        Random random = new Random(7);
        for (int length = 0; length <= 1200; length++) {
            byte[] garbage = new byte[length];
            random.nextBytes(garbage);
            if (length > 0) {
                garbage[0] = RetryTokens.VERSION;
            }
            assertEquals(-1, tokens.validateToken(buffer(garbage), CLIENT), "" + length);
            refused++;
        }
        assertEquals(refused, tokens.refused());
    }

    @Test
    void aTokenOfAnotherSecretIsRefused() {
        byte[] token = write(always(), buffer(DCID), CLIENT);
        RetryTokens other = new RetryTokens(Keys.random(), AddressValidation.ALWAYS,
                () -> 0, 0, LIFETIME, clock);
        assertEquals(-1, other.validateToken(buffer(token), CLIENT));
        assertEquals(1, other.refused());
    }

    @Test
    void neverAsksForARetry() {
        RetryTokens tokens = new RetryTokens(key, AddressValidation.NEVER, () -> Integer.MAX_VALUE, 0, LIFETIME, clock);
        ByteBuf out = buffer(new byte[0]);
        assertFalse(tokens.writeToken(out, buffer(DCID), CLIENT));
        assertEquals(0, out.readableBytes());
    }

    @Test
    void underLoadAsksForARetryOnlyAboveTheThreshold() {
        AtomicInteger handshakes = new AtomicInteger();
        RetryTokens tokens = new RetryTokens(key, AddressValidation.UNDER_LOAD, handshakes::get, 2, LIFETIME, clock);
        for (int inProgress = 0; inProgress <= 2; inProgress++) {
            handshakes.set(inProgress);
            ByteBuf out = buffer(new byte[0]);
            assertFalse(tokens.writeToken(out, buffer(DCID), CLIENT), inProgress + " in progress");
            assertEquals(0, out.readableBytes());
        }
        handshakes.set(3);
        byte[] token = write(tokens, buffer(DCID), CLIENT);
        assertEquals(RetryTokens.DCID_OFFSET, tokens.validateToken(buffer(token), CLIENT));
        handshakes.set(2);
        assertEquals(RetryTokens.DCID_OFFSET, tokens.validateToken(buffer(token), CLIENT), "validated below it too");
    }

    @Test
    void alwaysAsksForARetry() {
        RetryTokens tokens = always();
        ByteBuf out = buffer(new byte[0]);
        assertTrue(tokens.writeToken(out, buffer(DCID), CLIENT));
        assertTrue(out.isReadable());
    }

    @Test
    void tokensAreMadeAndCheckedOnManyThreadsAtOnce() throws Exception {
        RetryTokens tokens = always();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int port = 40_000 + t;
                results.add(threads.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        InetSocketAddress client = address("192.0.2.7", port);
                        ByteBuf out = Unpooled.buffer();
                        ByteBuf dcid = Unpooled.wrappedBuffer(DCID);
                        try {
                            assertTrue(tokens.writeToken(out, dcid, client));
                            assertEquals(RetryTokens.DCID_OFFSET, tokens.validateToken(out, client));
                        } finally {
                            out.release();
                            dcid.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            threads.shutdown();
        }
        assertEquals(0, tokens.refused());
    }

    @Test
    void aLifetimeUnderOneMillisecondIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new RetryTokens(key, AddressValidation.ALWAYS, () -> 0, 0, Duration.ZERO, clock));
    }

    private RetryTokens always() {
        return new RetryTokens(key, AddressValidation.ALWAYS, () -> 0, 0, LIFETIME, clock);
    }

    private byte[] write(RetryTokens tokens, ByteBuf dcid, InetSocketAddress address) {
        ByteBuf out = buffer(new byte[0]);
        assertTrue(tokens.writeToken(out, dcid, address));
        assertTrue(out.readableBytes() <= tokens.maxTokenLength());
        return ByteBufUtil.getBytes(out);
    }

    private ByteBuf buffer(byte[] bytes) {
        ByteBuf buffer = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        buffers.add(buffer);
        return buffer;
    }

    private static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
