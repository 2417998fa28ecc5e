package dev.harrier.transport.quic;

import dev.harrier.spi.ConnectionAcceptor;
import dev.harrier.spi.DatagramSockets;
import dev.harrier.spi.Listener;
import dev.harrier.spi.SocketOptions;
import dev.harrier.spi.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicCodecDispatcher;
import io.netty.handler.codec.quic.QuicConnectionIdGenerator;
import io.netty.handler.codec.quic.QuicTokenHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP port serving QUIC: a socket per event loop of the carrier where it supports
 * SO_REUSEPORT (else one), with Netty's {@code QuicCodecDispatcher} handing each packet to the
 * socket its connection lives on by the index in its connection id. Closing it stops accepting;
 * the sockets stay while connections remain on them, and close with the last one.
 */
final class QuicListener implements Listener {

    private static final Logger LOG = LoggerFactory.getLogger(QuicListener.class);
    /** The length of the connection ids this server issues: QUIC's longest. */
    private static final int CONNECTION_ID_LENGTH = 20;

    private final String transportName;
    private final ConnectionAcceptor acceptor;
    private final QuicCodecSettings settings;
    private final Consumer<QuicListener> closed;
    private final List<Channel> sockets = new CopyOnWriteArrayList<>();
    /** Connections on its sockets, handshaking or established. */
    private final AtomicInteger connections = new AtomicInteger();
    /** Handshakes in progress, for address validation under load. */
    private final AtomicInteger handshakes = new AtomicInteger();
    private final QuicTokenHandler tokens;
    private volatile boolean accepting = true;

    private QuicListener(String transportName, ConnectionAcceptor acceptor, QuicCodecSettings settings,
            Consumer<QuicListener> closed) {
        this.transportName = transportName;
        this.acceptor = acceptor;
        this.settings = settings;
        this.closed = closed;
        this.tokens = settings.retryTokens(handshakes::get);
    }

    /** Binds the sockets of a port; with port 0 the first one's port is the others'. */
    static QuicListener bind(Transport carrier, InetSocketAddress address, SocketOptions options,
            QuicCodecSettings settings, ConnectionAcceptor acceptor, Consumer<QuicListener> closed) throws IOException {
        DatagramSockets udp = carrier.datagrams();
        int count = udp.socketsPerPort();
        QuicListener listener = new QuicListener("quic over " + carrier.name(), acceptor, settings, closed);
        ChannelHandler pipeline = listener.pipeline();
        SocketOptions socketOptions = options.withReusePort(options.reusePort() || count > 1);
        try {
            Channel first = udp.bind(address, socketOptions, pipeline);
            listener.sockets.add(first);
            InetSocketAddress bound = (InetSocketAddress) first.localAddress();
            for (int i = 1; i < count; i++) {
                try {
                    listener.sockets.add(udp.bind(bound, socketOptions, pipeline));
                } catch (IOException e) {
                    LOG.warn("QUIC on {} serves {} from {} UDP socket(s), not one per event loop: {}", carrier.name(),
                            bound, i, e.getMessage());
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            listener.closeSockets();
            throw e;
        }
        return listener;
    }

    /** The pipeline of each socket: the truncated-packet filter, then the dispatcher shared by the port's sockets. */
    private ChannelHandler pipeline() {
        ChannelHandler filter = new TruncatedPacketFilter(CONNECTION_ID_LENGTH);
        ChannelHandler dispatcher = dispatcher();
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel socket) {
                socket.pipeline().addLast(filter, dispatcher);
            }
        };
    }

    private ChannelHandler dispatcher() {
        return new QuicCodecDispatcher(CONNECTION_ID_LENGTH) {
            @Override
            protected void initChannel(Channel socket, int connectionIdLength, QuicConnectionIdGenerator ids) {
                socket.pipeline().addLast(settings.codec(connectionIdLength, ids, tokens, connectionInitializer()));
            }

            @Override
            protected QuicConnectionIdGenerator newIdGenerator(int index) {
                return settings.connectionIds(index);
            }
        };
    }

    private ChannelHandler connectionInitializer() {
        return new ChannelInitializer<QuicChannel>() {
            @Override
            protected void initChannel(QuicChannel connection) {
                if (!accepting) {
                    connection.close();
                    return;
                }
                connections.incrementAndGet();
                connection.closeFuture().addListener(done -> connectionClosed());
                connection.pipeline().addLast(new HandshakeWatch(QuicListener.this));
            }
        };
    }

    /**
     * On the connection's event loop: the last connection after {@link #close()} closes the
     * sockets, without waiting (the transport's close waits for them).
     */
    private void connectionClosed() {
        if (connections.decrementAndGet() == 0 && !accepting) {
            for (Channel socket : sockets) {
                socket.close();
            }
        }
    }

    String transportName() {
        return transportName;
    }

    ConnectionAcceptor acceptor() {
        return acceptor;
    }

    AtomicInteger handshakes() {
        return handshakes;
    }

    QuicCodecSettings settings() {
        return settings;
    }

    @Override
    public SocketAddress localAddress() {
        return sockets.get(0).localAddress();
    }

    /**
     * Stops accepting: a new connection is closed at once. Returns once every socket's event
     * loop has run what was queued before, so that accepted connections have been handed over.
     */
    @Override
    public void close() {
        accepting = false;
        for (Channel socket : sockets) {
            socket.eventLoop().submit(() -> { }).awaitUninterruptibly();
        }
        if (connections.get() == 0) {
            closeSockets();
        }
    }

    /**
     * Closes the sockets, and with them any connection still on them; off the event loops. Returns
     * once each socket's event loop has also run its deregistration, which frees the codec's
     * native memory.
     */
    void closeSockets() {
        for (Channel socket : sockets) {
            socket.close().awaitUninterruptibly();
            if (!socket.eventLoop().isShuttingDown()) {
                socket.eventLoop().submit(() -> { }).awaitUninterruptibly();
            }
        }
        closed.accept(this);
    }
}
