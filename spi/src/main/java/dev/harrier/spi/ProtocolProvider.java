package dev.harrier.spi;

import dev.harrier.http.Headers;
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

    /**
     * The HTTP/1.1 {@code Upgrade} token by which a cleartext connection can switch to this
     * protocol (HTTP/2: {@code h2c}), or {@code null} (the default) when it cannot.
     */
    default String upgradeToken() {
        return null;
    }

    /**
     * Whether a request asking to switch to this protocol carries what the switch needs, checked
     * before {@code 101 Switching Protocols} is sent (HTTP/2: one valid {@code HTTP2-Settings}
     * field, named in {@code Connection}). When not, the request is served by HTTP/1.1.
     */
    default boolean acceptsUpgrade(Headers requestHeaders) {
        return false;
    }

    /**
     * Takes over a connection that switched to this protocol: HTTP/1.1 has sent
     * {@code 101 Switching Protocols} and left the pipeline. The request becomes this
     * protocol's first exchange (HTTP/2: stream 1).
     *
     * @throws UnsupportedOperationException when {@link #upgradeToken()} is {@code null}
     */
    default void installUpgraded(Channel channel, ServerConnection connection, UpgradeRequest request) {
        throw new UnsupportedOperationException(name() + " cannot be reached by an HTTP/1.1 Upgrade");
    }
}
