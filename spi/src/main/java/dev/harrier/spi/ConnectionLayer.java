package dev.harrier.spi;

import io.netty.channel.Channel;

/**
 * A step between a stream connection's transport and its protocol, configured per endpoint: TLS
 * on an HTTPS endpoint, a PROXY-protocol reader in front of it. The kernel applies an endpoint's
 * layers in their order to every accepted connection; each installs its handlers and, once it is
 * in place (TLS: the handshake succeeded), calls {@link LayerContext#proceed}, after which the
 * next layer, or the protocol, takes the connection. A layer that cannot go on closes it.
 */
@FunctionalInterface
public interface ConnectionLayer {

    /** Installs the layer on a newly accepted connection; called on its event loop. */
    void apply(Channel channel, LayerContext context);
}
