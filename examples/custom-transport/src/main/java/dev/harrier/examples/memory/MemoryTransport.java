package dev.harrier.examples.memory;

import dev.harrier.spi.BindTarget;
import dev.harrier.spi.IoTransport;
import dev.harrier.spi.TransportOptions;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Listens on in-memory addresses. A TCP endpoint such as {@code http://127.0.0.1:8080} becomes
 * the in-memory address {@link MemoryAddresses#of(InetSocketAddress) memory:127.0.0.1:8080};
 * port 0 gets a free number. Clients in the same JVM connect with {@link MemoryConnector}.
 * There are no Unix sockets and no native socket options.
 */
final class MemoryTransport extends IoTransport {

    private static final Channels CHANNELS = new Channels(LocalServerChannel::new, null, null, null, null, TcpOptions.NONE);

    MemoryTransport(TransportOptions options) {
        super("memory", options, LocalIoHandler.newFactory(), CHANNELS);
    }

    @Override
    protected SocketAddress socketAddress(BindTarget target) {
        return MemoryAddresses.of(((BindTarget.Tcp) target).address());
    }

    @Override
    protected SocketAddress applicationAddress(SocketAddress channelAddress) {
        return channelAddress instanceof LocalAddress local ? MemoryAddresses.toInet(local) : channelAddress;
    }
}
