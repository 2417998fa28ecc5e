package dev.harrier.transport.nio;

import dev.harrier.spi.Availability;
import dev.harrier.spi.Transport;
import dev.harrier.spi.TransportOptions;
import dev.harrier.spi.TransportProvider;

/** Provides the portable NIO transport ({@code nio}); the lowest priority, always available. */
public final class NioTransportProvider implements TransportProvider {

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability availability() {
        return Availability.AVAILABLE;
    }

    @Override
    public Transport create(TransportOptions options) {
        return new NioTransport(options);
    }
}
