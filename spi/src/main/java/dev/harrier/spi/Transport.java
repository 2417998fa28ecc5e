package dev.harrier.spi;

import java.io.IOException;

/**
 * A running transport: it makes sockets, binds them and accepts connections; the kernel takes
 * each connection from there. The whole contract between kernel and socket back-end.
 *
 * <pre>{@code
 * Listener listener = transport.listen(new BindTarget.Tcp(address), SocketOptions.DEFAULTS,
 *         connection -> connection.channel().pipeline().addLast(handler));
 * ...
 * listener.close();   // no new connections; the accepted ones stay open
 * transport.close();  // the event loops stop
 * }</pre>
 *
 * Socket transports on Netty's event loops extend {@link IoTransport}, which does all of this
 * from a few channel factories.
 */
public interface Transport {

    /** The provider's name. */
    String name();

    /** Whether this transport can listen on such a target. */
    boolean supports(BindTarget target);

    /**
     * Binds a target with its socket options (those the transport lacks are skipped with a debug
     * note) and hands every accepted connection to {@code acceptor}.
     *
     * @throws IOException when the target cannot be bound; the message says why (for example
     *                     "Address already in use")
     */
    Listener listen(BindTarget target, SocketOptions options, ConnectionAcceptor acceptor) throws IOException;

    /** The UDP sockets of this transport, or {@code null} (the default) when it has none. */
    default DatagramSockets datagrams() {
        return null;
    }

    /** Stops the event loops; returns when they have stopped. */
    void close();
}
