package dev.harrier.examples.memory;

import dev.harrier.spi.Availability;
import dev.harrier.spi.Transport;
import dev.harrier.spi.TransportOptions;
import dev.harrier.spi.TransportProvider;

/**
 * Provides the in-memory transport, named {@code memory}. Its priority is below every real
 * transport, so {@code transport=auto} never picks it: an endpoint must ask for it by name.
 */
public final class MemoryTransportProvider implements TransportProvider {

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public int priority() {
        return -100;
    }

    @Override
    public Availability availability() {
        return Availability.AVAILABLE;
    }

    @Override
    public Transport create(TransportOptions options) {
        return new MemoryTransport(options);
    }
}
