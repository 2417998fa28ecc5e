package dev.harrier.examples.memory;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/** Connects in-process clients to a server listening on the in-memory transport. */
public final class MemoryConnector implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    /**
     * Each client's own address: Netty would make one from the channel's identity hash code,
     * which two of thousands of open connections can share.
     */
    private final AtomicLong nextClient = new AtomicLong();

    /**
     * Opens a connection to the endpoint published as {@code address} (for example the
     * host and port of {@code app.urls()}), with {@code handler} on the client side.
     */
    public Channel connect(InetSocketAddress address, ChannelHandler handler) throws InterruptedException {
        return new Bootstrap().group(group).channel(LocalChannel.class).handler(handler)
                .connect(MemoryAddresses.of(address), new LocalAddress("client-" + nextClient.incrementAndGet()))
                .sync().channel();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
