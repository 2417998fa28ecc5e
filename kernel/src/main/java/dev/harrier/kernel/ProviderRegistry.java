package dev.harrier.kernel;

import dev.harrier.spi.ProtocolProvider;
import dev.harrier.spi.TlsLayerProvider;
import dev.harrier.spi.TransportProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where the kernel learns which transports, protocols and TLS layers exist: a fixed set read from
 * {@link ServiceLoader} (outside OSGi), or a {@link #live()} registry whose providers come and go
 * while the server runs (an OSGi integration adds them as their bundles start and removes them
 * as they stop).
 *
 * <p>With a live registry, an endpoint whose transport or protocols are not there yet waits for
 * them and binds when they arrive; removing a provider drains the endpoints that use it (they
 * stop listening, their requests in flight get {@code harrier.shutdownTimeout} to finish) before
 * {@link #remove(TransportProvider)} returns, and they bind again as soon as what they need is
 * there. With a fixed registry, such an endpoint fails start-up with the reason.
 */
public final class ProviderRegistry {

    private final boolean live;
    private volatile List<TransportProvider> transports;
    private volatile List<ProtocolProvider> protocols;
    private volatile List<TlsLayerProvider> tls;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    private ProviderRegistry(boolean live, List<TransportProvider> transports, List<ProtocolProvider> protocols,
            List<TlsLayerProvider> tls) {
        this.live = live;
        this.transports = List.copyOf(transports);
        this.protocols = List.copyOf(protocols);
        this.tls = List.copyOf(tls);
    }

    /** The providers registered in {@code META-INF/services} visible to the class loader; fixed. */
    public static ProviderRegistry serviceLoader(ClassLoader loader) {
        List<TransportProvider> transports = ServiceLoader.load(TransportProvider.class, loader).stream()
                .map(ServiceLoader.Provider::get).toList();
        List<ProtocolProvider> protocols = ServiceLoader.load(ProtocolProvider.class, loader).stream()
                .map(ServiceLoader.Provider::get).toList();
        List<TlsLayerProvider> tls = ServiceLoader.load(TlsLayerProvider.class, loader).stream()
                .map(ServiceLoader.Provider::get).toList();
        return of(transports, protocols, tls);
    }

    /** A fixed set of providers. */
    public static ProviderRegistry of(List<TransportProvider> transports, List<ProtocolProvider> protocols,
            List<TlsLayerProvider> tls) {
        return new ProviderRegistry(false, transports, protocols, tls);
    }

    /** An empty registry that takes providers while the server runs. */
    public static ProviderRegistry live() {
        return new ProviderRegistry(true, List.of(), List.of(), List.of());
    }

    /** Whether providers may come and go while the server runs. */
    public boolean isLive() {
        return live;
    }

    public List<TransportProvider> transports() {
        return transports;
    }

    public List<ProtocolProvider> protocols() {
        return protocols;
    }

    /** The TLS layers for HTTPS endpoints; the first is used. */
    public List<TlsLayerProvider> tls() {
        return tls;
    }

    /** Adds a transport; endpoints waiting for it bind before this returns. */
    public void add(TransportProvider provider) {
        synchronized (this) {
            transports = with(transports, provider);
        }
        changed();
    }

    /** Removes a transport; the endpoints that use it are drained before this returns. */
    public void remove(TransportProvider provider) {
        synchronized (this) {
            transports = without(transports, provider);
        }
        changed();
    }

    /** Adds a protocol; endpoints waiting for it, or that would serve it, bind (again) before this returns. */
    public void add(ProtocolProvider provider) {
        synchronized (this) {
            protocols = with(protocols, provider);
        }
        changed();
    }

    /** Removes a protocol; the endpoints that serve it are drained before this returns. */
    public void remove(ProtocolProvider provider) {
        synchronized (this) {
            protocols = without(protocols, provider);
        }
        changed();
    }

    /** Adds a TLS layer; HTTPS endpoints waiting for one bind before this returns. */
    public void add(TlsLayerProvider provider) {
        synchronized (this) {
            tls = with(tls, provider);
        }
        changed();
    }

    /** Removes a TLS layer; the HTTPS endpoints that use it are drained before this returns. */
    public void remove(TlsLayerProvider provider) {
        synchronized (this) {
            tls = without(tls, provider);
        }
        changed();
    }

    /** Calls {@code listener} on the changing thread after every change, until {@link #unsubscribe}. */
    void subscribe(Runnable listener) {
        listeners.add(listener);
    }

    void unsubscribe(Runnable listener) {
        listeners.remove(listener);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    private <T> List<T> with(List<T> current, T provider) {
        requireLive();
        List<T> next = new ArrayList<>(current);
        next.add(provider);
        return List.copyOf(next);
    }

    private <T> List<T> without(List<T> current, T provider) {
        requireLive();
        List<T> next = new ArrayList<>(current);
        next.removeIf(p -> p == provider);
        return List.copyOf(next);
    }

    private void requireLive() {
        if (!live) {
            throw new IllegalStateException("This provider registry is fixed; use ProviderRegistry.live() for one"
                    + " whose providers come and go");
        }
    }
}
