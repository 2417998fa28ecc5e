package dev.harrier.transport.quic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuicSecretsTest {

    private static final List<String> PURPOSES =
            List.of(RetryTokens.PURPOSE, SecretConnectionIds.PURPOSE, SecretResetTokens.PURPOSE);

    @TempDir
    Path dir;

    @Test
    void theSameFileGivesTheSameKeys() throws Exception {
        Path file = secretFile("secret", 32);
        QuicSecrets first = QuicSecrets.load(file);
        QuicSecrets second = QuicSecrets.load(file);
        for (String purpose : PURPOSES) {
            assertArrayEquals(first.key(purpose), second.key(purpose), purpose);
        }
    }

    @Test
    void aKeyIsTheHmacOfItsPurposeUnderTheSecret() throws Exception {
        Path file = secretFile("secret", 40);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Files.readAllBytes(file), "HmacSHA256"));
        byte[] expected = mac.doFinal("retry-token".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(expected, QuicSecrets.load(file).key("retry-token"));
    }

    @Test
    void purposesHaveDifferentKeys() throws Exception {
        QuicSecrets secrets = QuicSecrets.load(secretFile("secret", 32));
        for (String a : PURPOSES) {
            for (String b : PURPOSES) {
                assertEquals(a.equals(b), Arrays.equals(secrets.key(a), secrets.key(b)), a + " and " + b);
            }
        }
    }

    @Test
    void differentFilesGiveDifferentKeys() throws Exception {
        byte[] one = QuicSecrets.load(secretFile("one", 32)).key(RetryTokens.PURPOSE);
        byte[] two = QuicSecrets.load(secretFile("two", 32)).key(RetryTokens.PURPOSE);
        assertFalse(Arrays.equals(one, two));
    }

    @Test
    void withoutAFileEachLoadMakesItsOwnSecretAndSaysSo() {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        byte[] one;
        byte[] two;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            one = QuicSecrets.load(null).key(RetryTokens.PURPOSE);
            two = QuicSecrets.load(null).key(RetryTokens.PURPOSE);
        } finally {
            System.setErr(err);
        }
        assertFalse(Arrays.equals(one, two));
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("INFO"), logged);
        assertTrue(logged.contains("this process only"), logged);
        assertTrue(logged.contains("harrier.quic.secretFile"), logged);
        assertTrue(logged.contains("head -c 32 /dev/urandom"), logged);
    }

    @Test
    void aFileOf31BytesIsRejected() throws Exception {
        Path file = secretFile("short", 31);
        String message = assertThrows(IllegalArgumentException.class, () -> QuicSecrets.load(file)).getMessage();
        assertTrue(message.contains("harrier.quic.secretFile"), message);
        assertTrue(message.contains(file.toString()), message);
        assertTrue(message.contains("has 31 bytes"), message);
        assertTrue(message.contains("head -c 32 /dev/urandom > " + file), message);
    }

    @Test
    void aMissingFileIsRejected() {
        Path file = dir.resolve("missing");
        String message = assertThrows(IllegalArgumentException.class, () -> QuicSecrets.load(file)).getMessage();
        assertTrue(message.contains("harrier.quic.secretFile"), message);
        assertTrue(message.contains(file + " does not exist"), message);
        assertTrue(message.contains("head -c 32 /dev/urandom > " + file), message);
    }

    @Test
    void anUnreadableFileIsRejected() {
        String message = assertThrows(IllegalArgumentException.class, () -> QuicSecrets.load(dir)).getMessage();
        assertTrue(message.contains("harrier.quic.secretFile " + dir + " cannot be read"), message);
    }

    @Test
    void aFileLargerThanTheLimitIsRejected() throws Exception {
        Path file = secretFile("large", QuicSecrets.MAX_SECRET_LENGTH + 1);
        String message = assertThrows(IllegalArgumentException.class, () -> QuicSecrets.load(file)).getMessage();
        assertTrue(message.contains("harrier.quic.secretFile " + file + " has more than"), message);
        assertArrayEquals(QuicSecrets.load(secretFile("limit", QuicSecrets.MAX_SECRET_LENGTH)).key("a"),
                QuicSecrets.load(dir.resolve("limit")).key("a"));
    }

    private Path secretFile(String name, int length) throws Exception {
        byte[] secret = new byte[length];
        new Random(name.hashCode()).nextBytes(secret);
        return Files.write(dir.resolve(name), secret);
    }
}
