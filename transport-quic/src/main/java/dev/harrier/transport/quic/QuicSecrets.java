package dev.harrier.transport.quic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server secret ({@code harrier.quic.secretFile}, or random bytes for this process) and the keys
 * derived from it, one for each purpose, so that every process with the same secret makes and
 * recognises the same Retry tokens, connection ids and stateless reset tokens.
 */
final class QuicSecrets {

    /** Fewest bytes of a secret file. */
    static final int MIN_SECRET_LENGTH = 32;

    /** Most bytes of a secret file, so that a device or a wrong file is refused rather than read without end. */
    static final int MAX_SECRET_LENGTH = 64 * 1024;

    private static final String PROPERTY = "harrier.quic.secretFile";
    private static final Logger LOG = LoggerFactory.getLogger(QuicSecrets.class);

    private final Hmac hmac;

    private QuicSecrets(byte[] secret) {
        hmac = new Hmac(secret);
    }

    /**
     * The secret in {@code secretFile}, or, if it is {@code null}, {@value #MIN_SECRET_LENGTH} random
     * bytes for this process only.
     *
     * @throws IllegalArgumentException if the file cannot be read or has fewer than
     *     {@value #MIN_SECRET_LENGTH} or more than {@value #MAX_SECRET_LENGTH} bytes
     */
    static QuicSecrets load(Path secretFile) {
        if (secretFile == null) {
            byte[] secret = new byte[MIN_SECRET_LENGTH];
            new SecureRandom().nextBytes(secret);
            LOG.info("The QUIC keys were made for this process only: its Retry tokens, connection ids and stateless"
                    + " reset tokens are not recognised after a restart or by other processes serving the port; to"
                    + " share them, set {} to a file of at least {} random bytes (for example head -c {} /dev/urandom"
                    + " > FILE)", PROPERTY, MIN_SECRET_LENGTH, MIN_SECRET_LENGTH);
            return new QuicSecrets(secret);
        }
        byte[] secret = read(secretFile);
        if (secret.length < MIN_SECRET_LENGTH) {
            throw invalid(secretFile,
                    "has " + secret.length + " bytes, fewer than the " + MIN_SECRET_LENGTH + " it needs", null);
        }
        if (secret.length > MAX_SECRET_LENGTH) {
            throw invalid(secretFile, "has more than " + MAX_SECRET_LENGTH + " bytes", null);
        }
        return new QuicSecrets(secret);
    }

    /** The key for {@code purpose}: HMAC-SHA256 of the purpose's UTF-8 bytes under the secret. */
    byte[] key(String purpose) {
        return hmac.sign(purpose.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] read(Path secretFile) {
        try (InputStream in = Files.newInputStream(secretFile)) {
            return in.readNBytes(MAX_SECRET_LENGTH + 1);
        } catch (NoSuchFileException e) {
            throw invalid(secretFile, "does not exist", e);
        } catch (IOException e) {
            throw invalid(secretFile, "cannot be read (" + e + ")", e);
        }
    }

    private static IllegalArgumentException invalid(Path secretFile, String problem, IOException cause) {
        return new IllegalArgumentException(PROPERTY + " " + secretFile + " " + problem + "; it must hold "
                + MIN_SECRET_LENGTH + " to " + MAX_SECRET_LENGTH + " random bytes, for example from head -c " + MIN_SECRET_LENGTH
                + " /dev/urandom > " + secretFile, cause);
    }
}
