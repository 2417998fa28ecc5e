package dev.harrier.examples.memory;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import java.net.InetSocketAddress;

/** Connects in-process clients to a server listening on the in-memory transport. */
public final class MemoryConnector implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());

    /**
     * Opens a connection to the endpoint published as {@code address} (for example the
     * host and port of {@code app.urls()}), with {@code handler} on the client side.
     */
    public Channel connect(InetSocketAddress address, ChannelHandler handler) throws InterruptedException {
        return new Bootstrap().group(group).channel(LocalChannel.class).handler(handler)
                .connect(MemoryAddresses.of(address)).sync().channel();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
