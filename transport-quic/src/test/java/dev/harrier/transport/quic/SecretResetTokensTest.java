package dev.harrier.transport.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResetTokensTest {

    private static final byte[] CID = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4};

    @TempDir
    Path dir;

    @Test
    void aTokenHas16BytesAndIsTheSameForOneSecret() throws Exception {
        Path file = Files.write(dir.resolve("secret"), new byte[32]);
        SecretResetTokens one = new SecretResetTokens(QuicSecrets.load(file).key(SecretResetTokens.PURPOSE));
        SecretResetTokens two = new SecretResetTokens(QuicSecrets.load(file).key(SecretResetTokens.PURPOSE));
        ByteBuffer token = one.newResetToken(ByteBuffer.wrap(CID));
        assertEquals(16, token.remaining());
        assertEquals(token, two.newResetToken(ByteBuffer.wrap(CID)));
        assertNotEquals(token, one.newResetToken(ByteBuffer.wrap(new byte[CID.length])));
    }

    @Test
    void anotherSecretMakesAnotherToken() {
        assertNotEquals(tokens().newResetToken(ByteBuffer.wrap(CID)), tokens().newResetToken(ByteBuffer.wrap(CID)));
    }

    @Test
    void theConnectionIdIsNotConsumed() {
        SecretResetTokens tokens = tokens();
        ByteBuffer cid = ByteBuffer.allocateDirect(CID.length).put(CID).flip();
        ByteBuffer token = tokens.newResetToken(cid);
        assertEquals(0, cid.position());
        assertEquals(CID.length, cid.limit());
        assertEquals(token, tokens.newResetToken(cid));
        assertEquals(token, tokens.newResetToken(ByteBuffer.wrap(CID)));
    }

    private static SecretResetTokens tokens() {
        return new SecretResetTokens(Keys.random());
    }
}
