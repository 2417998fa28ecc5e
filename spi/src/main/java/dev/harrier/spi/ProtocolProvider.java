package dev.harrier.spi;

import io.netty.channel.Channel;

/**
 * An HTTP version, found by {@link java.util.ServiceLoader}. It installs its codecs on a
 * connection and turns every request into an {@link Exchange} for the kernel.
 */
public interface ProtocolProvider {

    /** The name used in configuration, for example {@code http1}. */
    String name();

    /** The ALPN protocol id, for example {@code http/1.1} or {@code h2}. */
    String alpnId();

    /**
     * Whether one connection carries concurrent exchanges (HTTP/2, HTTP/3). When it does not,
     * the kernel runs a connection's exchanges one after another in arrival order.
     */
    boolean multiplexed();

    /** Installs the protocol's handlers on a newly accepted connection. */
    void install(Channel channel, ServerConnection connection);
}
