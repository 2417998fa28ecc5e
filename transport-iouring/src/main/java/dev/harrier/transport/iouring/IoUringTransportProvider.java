package dev.harrier.transport.iouring;

import dev.harrier.spi.Availability;
import dev.harrier.spi.Transport;
import dev.harrier.spi.TransportOptions;
import dev.harrier.spi.TransportProvider;
import io.netty.channel.uring.IoUring;

/** Provides the native io_uring transport ({@code io_uring}). */
public final class IoUringTransportProvider implements TransportProvider {

    @Override
    public String name() {
        return "io_uring";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Availability availability() {
        return IoUring.isAvailable() ? Availability.AVAILABLE
                : Availability.unavailable("Netty's native io_uring is unavailable", IoUring.unavailabilityCause());
    }

    @Override
    public Transport create(TransportOptions options) {
        return new IoUringTransport(options);
    }
}
