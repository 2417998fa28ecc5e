package dev.harrier.tls;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the certificate files of the HTTPS endpoints on a thread of its own, never on an
 * event loop, and reloads the contexts whose files changed.
 */
final class CertificateWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateWatcher.class);

    private final Supplier<List<ReloadableSslContext>> contexts;
    private final ScheduledExecutorService executor;

    /** @param contexts the contexts to check, asked anew at every check */
    CertificateWatcher(Supplier<List<ReloadableSslContext>> contexts, Duration interval) {
        this.contexts = contexts;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "harrier-certificate-watcher");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        executor.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void check() {
        for (ReloadableSslContext context : contexts.get()) {
            try {
                context.checkFiles();
            } catch (RuntimeException e) {
                LOG.warn("Checking certificate files failed", e);
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
