package dev.harrier.tls;

import dev.harrier.http.ClientCertificateMode;
import dev.harrier.spi.ServerCertificate;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TLS server context that follows its certificate files. {@link #current()} is what new
 * connections use, {@link #certificate()} the key material it was made from (for a TLS
 * implementation of its own, QUIC's); {@link #checkFiles()}, called off the event loops, reloads it once a changed
 * file has stayed unchanged for one check (so a certificate and key replaced one after the
 * other are read together). A file that cannot be read keeps the previous context, with a
 * warning naming the file; connections already open are never affected.
 */
final class ReloadableSslContext {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadableSslContext.class);

    /** What identifies a version of a file: its time, size and identity (so a replaced file shows). */
    private record Stamp(Object modified, long size, Object fileKey) {
        static final Stamp MISSING = new Stamp(null, -1, null);
    }

    private final TlsSettings settings;
    private final SslContextFactory factory;
    private final String usedBy;
    /** What new connections use, and the key material it was made from. */
    private record Loaded(SslContext context, ServerCertificate certificate) {
    }

    private volatile Loaded current;
    private long version;
    /** The file versions {@link #current} was made from (or last tried). */
    private Map<Path, Stamp> loaded;
    /** Changed versions seen at the last check, not yet settled; {@code null} when none. */
    private Map<Path, Stamp> changing;

    /**
     * Reads the files now.
     *
     * @param usedBy what uses the context, for log messages (for example {@code endpoint 'main'})
     * @throws IOException naming the file at fault
     */
    ReloadableSslContext(TlsSettings settings, SslContextFactory factory, String usedBy) throws IOException {
        this.settings = settings;
        this.factory = factory;
        this.usedBy = usedBy;
        this.loaded = stamps();
        this.current = load();
    }

    /** The context for a new connection. */
    SslContext current() {
        return current.context();
    }

    /** The certificate and client policy of {@link #current()}. */
    ServerCertificate certificate() {
        return current.certificate();
    }

    private Loaded load() throws IOException {
        CertificateLoader.KeyMaterial material = CertificateLoader.load(settings.certificate());
        TrustManagerFactory trust = settings.clientCertificateMode() != ClientCertificateMode.NO_CERTIFICATE
                && settings.trust() != null ? CertificateLoader.trust(settings.trust(), settings.trustPassword()) : null;
        SslContext context = factory.create(settings, material, trust);
        return new Loaded(context, new ServerCertificate(material.key(), material.chain(), settings.protocols(),
                settings.clientCertificateMode(), trust, ++version));
    }

    /** Reloads the context if its files changed and have settled since the last check. */
    void checkFiles() {
        Map<Path, Stamp> now = stamps();
        if (now.equals(loaded)) {
            changing = null;
            return;
        }
        if (!now.equals(changing)) {
            changing = now;
            return;
        }
        changing = null;
        loaded = now;
        try {
            current = load();
            LOG.info("Reloaded the certificate of {} from {}", usedBy, settings.certificate().path());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Keeping the previous certificate of {}: {}", usedBy, e.getMessage());
        }
    }

    private Map<Path, Stamp> stamps() {
        Map<Path, Stamp> stamps = new LinkedHashMap<>();
        for (Path file : settings.files()) {
            stamps.put(file, stamp(file));
        }
        return stamps;
    }

    private static Stamp stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        } catch (NoSuchFileException e) {
            return Stamp.MISSING;
        } catch (IOException e) {
            return new Stamp(e.toString(), -1, null);
        }
    }
}
