package dev.harrier.http;

import java.io.IOException;

/**
 * Present on HTTP/1.1 requests that ask to switch protocols ({@code Connection: upgrade} with
 * an {@code Upgrade} header). After {@link #upgrade()} the connection carries opaque bytes in
 * both directions; WebSockets and similar protocols are built on it.
 */
public interface HttpUpgradeFeature {

    /** The protocols the client offered in {@code Upgrade}. */
    String requestedProtocols();

    /**
     * Sends {@code 101 Switching Protocols} with the response headers set so far and hands
     * over the raw connection. The upgraded connection no longer counts against
     * {@link ServerLimits#maxConcurrentConnections()}.
     *
     * @throws IllegalStateException if the response has already started
     * @throws BadHttpRequestException (503) when
     *         {@link ServerLimits#maxConcurrentUpgradedConnections()} is reached
     */
    UpgradedConnection upgrade() throws IOException;
}
