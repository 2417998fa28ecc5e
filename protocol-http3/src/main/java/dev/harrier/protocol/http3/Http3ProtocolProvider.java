package dev.harrier.protocol.http3;

import dev.harrier.http.Http3Limits;
import dev.harrier.spi.ConnectionKind;
import dev.harrier.spi.ProtocolProvider;
import dev.harrier.spi.ServerConnection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http3.DefaultHttp3SettingsFrame;
import io.netty.handler.codec.http3.Http3ServerConnectionHandler;
import io.netty.handler.codec.http3.Http3SettingsFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.util.List;

/**
 * Provides HTTP/3 ({@code Http3}, ALPN {@code h3}) on multiplexed (QUIC) connections. Served where
 * an endpoint names it ({@code protocols=Http1AndHttp2AndHttp3}), as in Kestrel.
 */
public final class Http3ProtocolProvider implements ProtocolProvider {

    private static final List<String> ALPN_IDS = List.of("h3");

    @Override
    public String name() {
        return "Http3";
    }

    @Override
    public ConnectionKind connectionKind() {
        return ConnectionKind.MULTIPLEXED;
    }

    @Override
    public List<String> alpnIds() {
        return ALPN_IDS;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public boolean concurrentExchanges() {
        return true;
    }

    /** The HTTP/3 connection handler (control and QPACK streams), each request stream an exchange. */
    @Override
    public void install(Channel channel, ServerConnection connection) {
        Http3Limits limits = connection.limits().http3();
        Http3Connection http3 = new Http3Connection(connection);
        DefaultHttp3SettingsFrame settings = new DefaultHttp3SettingsFrame();
        // Room beyond the limit, so that a request just over it is answered 431 (RequestHeadRules), not
        // treated as a connection error by the codec.
        settings.put(Http3SettingsFrame.HTTP3_SETTINGS_MAX_FIELD_SECTION_SIZE,
                2L * connection.limits().maxRequestHeadersTotalSize());
        settings.put(Http3SettingsFrame.HTTP3_SETTINGS_QPACK_MAX_TABLE_CAPACITY, (long) limits.qpackMaxTableCapacity());
        settings.put(Http3SettingsFrame.HTTP3_SETTINGS_QPACK_BLOCKED_STREAMS, (long) limits.qpackBlockedStreams());
        channel.pipeline()
                .addLast(new Http3ServerConnectionHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel stream) {
                        stream.pipeline().addLast(new Http3Exchange(http3, stream));
                    }
                }, null, null, settings, limits.qpackMaxTableCapacity() == 0))
                .addLast(http3);
    }
}
