package dev.harrier.transport.quic;

import dev.harrier.http.TlsInfo;
import dev.harrier.spi.ConnectionKind;
import dev.harrier.spi.TransportConnection;
import io.netty.channel.Channel;
import io.netty.handler.codec.quic.QuicChannel;
import java.net.SocketAddress;

/** An established QUIC connection, whose streams the protocol on it accepts. */
final class QuicConnection implements TransportConnection {

    private final QuicChannel channel;
    private final String transport;
    private final TlsInfo tls;

    QuicConnection(QuicChannel channel, String transport) {
        this.channel = channel;
        this.transport = transport;
        this.tls = QuicTlsInfo.of(channel.sslEngine());
    }

    @Override
    public ConnectionKind kind() {
        return ConnectionKind.MULTIPLEXED;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    /** The UDP address the client sent to (the connection's own address is a connection id). */
    @Override
    public SocketAddress localAddress() {
        return channel.localSocketAddress();
    }

    @Override
    public SocketAddress remoteAddress() {
        return channel.remoteSocketAddress();
    }

    @Override
    public String transport() {
        return transport;
    }

    @Override
    public TlsInfo tls() {
        return tls;
    }
}
