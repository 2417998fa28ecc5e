package dev.harrier.transport.epoll;

import dev.harrier.spi.Availability;
import dev.harrier.spi.Transport;
import dev.harrier.spi.TransportOptions;
import dev.harrier.spi.TransportProvider;
import io.netty.channel.epoll.Epoll;

/** Provides the native epoll transport ({@code epoll}). */
public final class EpollTransportProvider implements TransportProvider {

    @Override
    public String name() {
        return "epoll";
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public Availability availability() {
        return Epoll.isAvailable() ? Availability.AVAILABLE
                : Availability.unavailable("Netty's native epoll did not load", Epoll.unavailabilityCause());
    }

    @Override
    public Transport create(TransportOptions options) {
        return new EpollTransport(options);
    }
}
