package dev.harrier.tests.support;

import dev.harrier.kernel.Configuration;
import dev.harrier.kernel.ProviderRegistry;
import dev.harrier.kernel.Scheduling;
import dev.harrier.kernel.WebApp;
import dev.harrier.spi.TransportProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * One way of serving HTTP that every conformance test must pass: a transport found by
 * {@link ServiceLoader} and a scheduling mode. New dimensions (protocol, TLS) become new
 * components here and new loops in {@link #all()}; the tests stay as they are.
 *
 * @param transport  the transport's name, as configured with {@code harrier.transport}
 * @param scheduling where the request pipeline runs
 */
public record Combination(String transport, Scheduling scheduling) {

    /**
     * Every combination of a discovered transport and a scheduling mode. A transport that is
     * discovered but unavailable stays in the list: starting a server on it fails with its
     * reason, so every test of that combination fails instead of being skipped.
     */
    public static List<Combination> all() {
        List<Combination> all = new ArrayList<>();
        for (TransportProvider transport : discoveredTransports()) {
            for (Scheduling scheduling : Scheduling.values()) {
                all.add(new Combination(transport.name(), scheduling));
            }
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("No transport was discovered: the suite would test nothing");
        }
        return all;
    }

    /** The transports on the test class path, as the server discovers them. */
    public static List<TransportProvider> discoveredTransports() {
        return ProviderRegistry.serviceLoader(Combination.class.getClassLoader()).transports();
    }

    /** Whether handlers may block (read the body as it arrives, wait): not on the event loop. */
    public boolean handlersMayBlock() {
        return scheduling != Scheduling.INLINE;
    }

    /** An app listening on a dynamic port of 127.0.0.1, served by this combination. */
    public WebApp newApp() {
        WebApp app = newApp(Configuration.empty());
        app.urls("http://127.0.0.1:0");
        return app;
    }

    /** An app with this configuration and providers from the class path, served by this combination. */
    public WebApp newApp(Configuration configuration) {
        return apply(WebApp.create(configuration, ProviderRegistry.serviceLoader(Combination.class.getClassLoader())));
    }

    /** Sets this combination's transport and scheduling on an app (code precedence). */
    public WebApp apply(WebApp app) {
        app.options().transport(transport).scheduling(scheduling);
        return app;
    }

    /** Starts an app on 127.0.0.1 after {@code configure} has added its routes and options. */
    public ServerFixture serve(Consumer<WebApp> configure) {
        WebApp app = newApp();
        configure.accept(app);
        return ServerFixture.start(app);
    }

    @Override
    public String toString() {
        return transport + "/" + scheduling.name().toLowerCase(java.util.Locale.ROOT);
    }
}
