package dev.harrier.transport.quic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.quic.Quic;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretConnectionIdsTest {

    private static final byte[] INPUT = {10, 20, 30, 40, 50, 60, 70, 80};

    @TempDir
    Path dir;

    @Test
    void processesWithOneSecretMakeTheSameIdForTheSameInput() throws Exception {
        Path file = Files.write(dir.resolve("secret"), new byte[32]);
        SecretConnectionIds one = new SecretConnectionIds(QuicSecrets.load(file).key(SecretConnectionIds.PURPOSE));
        SecretConnectionIds two = new SecretConnectionIds(QuicSecrets.load(file).key(SecretConnectionIds.PURPOSE));
        assertEquals(one.newId(ByteBuffer.wrap(INPUT), 20), two.newId(ByteBuffer.wrap(INPUT), 20));
        assertEquals(one.newId(ByteBuffer.wrap(INPUT), 20), one.newId(ByteBuffer.wrap(INPUT), 20));
        assertNotEquals(one.newId(ByteBuffer.wrap(INPUT), 20), one.newId(ByteBuffer.wrap(new byte[8]), 20));
        assertTrue(one.isIdempotent());
    }

    @Test
    void anIdIsTheStartOfTheHmacOfTheInput() throws Exception {
        byte[] key = Keys.random();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = Arrays.copyOf(mac.doFinal(INPUT), 8);
        assertEquals(ByteBuffer.wrap(expected), new SecretConnectionIds(key).newId(ByteBuffer.wrap(INPUT), 8));
    }

    @Test
    void differentSecretsMakeDifferentIds() {
        SecretConnectionIds one = generator();
        SecretConnectionIds two = generator();
        assertNotEquals(one.newId(ByteBuffer.wrap(INPUT), 20), two.newId(ByteBuffer.wrap(INPUT), 20));
    }

    @Test
    void theLengthIsHonoured() {
        SecretConnectionIds ids = generator();
        assertEquals(Quic.MAX_CONN_ID_LEN, ids.maxConnectionIdLength());
        for (int length = 0; length <= Quic.MAX_CONN_ID_LEN; length++) {
            assertEquals(length, ids.newId(ByteBuffer.wrap(INPUT), length).remaining());
            assertEquals(length, ids.newId(length).remaining());
        }
        assertArrayEquals(Arrays.copyOf(bytes(ids.newId(ByteBuffer.wrap(INPUT), 20)), 8),
                bytes(ids.newId(ByteBuffer.wrap(INPUT), 8)));
        assertThrows(IllegalArgumentException.class, () -> ids.newId(ByteBuffer.wrap(INPUT), Quic.MAX_CONN_ID_LEN + 1));
        assertThrows(IllegalArgumentException.class, () -> ids.newId(-1));
    }

    @Test
    void theInputIsNotConsumed() {
        SecretConnectionIds ids = generator();
        ByteBuffer input = ByteBuffer.allocateDirect(INPUT.length + 4).put(new byte[] {7, 7}).put(INPUT);
        input.flip().position(2);
        ByteBuffer id = ids.newId(input, 20);
        assertEquals(2, input.position());
        assertEquals(2 + INPUT.length, input.limit());
        assertEquals(ByteBuffer.wrap(INPUT), input);
        assertEquals(ids.newId(ByteBuffer.wrap(INPUT), 20), id, "the id of the remaining bytes");
        assertEquals(id, ids.newId(input, 20), "the same again from the same buffer");
    }

    @Test
    void aRepeatedInitialGetsTheSameId() {
        SecretConnectionIds ids = generator();
        ByteBuffer scid = ByteBuffer.wrap(new byte[] {1, 1, 1, 1});
        ByteBuffer dcid = ByteBuffer.wrap(INPUT);
        assertEquals(ids.newId(scid, dcid, 20), ids.newId(scid, dcid, 20));
        assertEquals(0, dcid.position());
    }

    @Test
    void idsWithoutInputAreRandom() {
        SecretConnectionIds ids = generator();
        assertNotEquals(ids.newId(20), ids.newId(20));
    }

    private static SecretConnectionIds generator() {
        return new SecretConnectionIds(Keys.random());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
