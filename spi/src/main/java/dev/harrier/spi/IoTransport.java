package dev.harrier.spi;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A base for transports on Netty's {@link MultiThreadIoEventLoopGroup}: the subclass names its
 * I/O handler and channels; this class owns the event loops (daemon threads named after the
 * transport) and their shutdown.
 */
public abstract class IoTransport implements Transport {

    private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;
    private static final System.Logger LOG = System.getLogger(IoTransport.class.getName());

    private final String name;
    private final EventLoopGroup group;

    protected IoTransport(String name, TransportOptions options, IoHandlerFactory ioHandlerFactory) {
        this.name = name;
        this.group = new MultiThreadIoEventLoopGroup(options.eventLoopThreads(),
                new DefaultThreadFactory(options.threadNamePrefix(), true), ioHandlerFactory);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final EventLoopGroup eventLoopGroup() {
        return group;
    }

    /** Notes (at debug level) that an option asked for is not supported and so not applied. */
    protected final void unsupported(String option, BindTarget target) {
        LOG.log(System.Logger.Level.DEBUG, "Transport {0} does not support {1} for {2}; ignored", name, option, target);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
