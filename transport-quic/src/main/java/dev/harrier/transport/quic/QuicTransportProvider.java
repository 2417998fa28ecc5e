package dev.harrier.transport.quic;

import dev.harrier.spi.Availability;
import dev.harrier.spi.ConnectionKind;
import dev.harrier.spi.Transport;
import dev.harrier.spi.TransportOptions;
import dev.harrier.spi.TransportProvider;
import io.netty.handler.codec.quic.Quic;

/** Provides QUIC ({@code quic}) over the UDP sockets of a socket transport. */
public final class QuicTransportProvider implements TransportProvider {

    @Override
    public String name() {
        return "quic";
    }

    @Override
    public ConnectionKind connectionKind() {
        return ConnectionKind.MULTIPLEXED;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Availability availability() {
        return Quic.isAvailable() ? Availability.AVAILABLE
                : Availability.unavailable("Netty's native QUIC library did not load", Quic.unavailabilityCause());
    }

    /** @throws IllegalArgumentException when there is no carrier, or it has no UDP sockets */
    @Override
    public Transport create(TransportOptions options) {
        if (options.carrier() == null || options.carrier().datagrams() == null) {
            throw new IllegalArgumentException("QUIC runs over the UDP sockets of a socket transport, and "
                    + (options.carrier() == null ? "none was given" : options.carrier().name() + " has none"));
        }
        return new QuicTransport(options.carrier(), options.limits());
    }
}
