package dev.harrier.protocol.http2;

import dev.harrier.http.Headers;
import dev.harrier.http.Http2Limits;
import dev.harrier.spi.FirstBytes;
import dev.harrier.spi.ProtocolProvider;
import dev.harrier.spi.ServerConnection;
import dev.harrier.spi.UpgradeRequest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import java.util.List;

/**
 * Provides HTTP/2 ({@code Http2}, ALPN {@code h2}; on cleartext {@code h2c}, recognised by its
 * connection preface or reached by {@code Upgrade: h2c}).
 */
public final class Http2ProtocolProvider implements ProtocolProvider {

    private static final List<String> ALPN_IDS = List.of("h2");
    /** h2c with prior knowledge: the client's connection preface (RFC 9113 section 3.4). */
    private static final FirstBytes PREFACE = FirstBytes.startingWith(Http2CodecUtil.connectionPrefaceBuf());

    @Override
    public String name() {
        return "Http2";
    }

    @Override
    public boolean servedByDefault() {
        return true;
    }

    @Override
    public List<String> alpnIds() {
        return ALPN_IDS;
    }

    /** Before HTTP/1.1: {@code h2} is offered first, and the preface is looked for first. */
    @Override
    public int order() {
        return 20;
    }

    @Override
    public FirstBytes firstBytes() {
        return PREFACE;
    }

    @Override
    public boolean concurrentExchanges() {
        return true;
    }

    @Override
    public void install(Channel channel, ServerConnection connection) {
        installHandlers(channel, connection);
    }

    @Override
    public String upgradeToken() {
        return CleartextUpgrade.TOKEN;
    }

    @Override
    public boolean acceptsUpgrade(Headers requestHeaders) {
        return CleartextUpgrade.clientSettings(requestHeaders) != null;
    }

    /** The upgrade request becomes stream 1; a failure to start it is the server's and closes the connection. */
    @Override
    public void installUpgraded(Channel channel, ServerConnection connection, UpgradeRequest request) {
        Http2FrameCodec codec = installHandlers(channel, connection);
        try {
            CleartextUpgrade.start(channel.pipeline().context(codec), codec, request);
        } catch (Http2Exception e) {
            connection.unexpected(e);
            channel.close();
        }
    }

    /** The frame codec, the dispatcher of its streams, the connection's lifecycle and its defences. */
    private static Http2FrameCodec installHandlers(Channel channel, ServerConnection connection) {
        Http2FrameCodec codec = ServerFrameCodecBuilder.create(connection.limits());
        ChannelPipeline pipeline = channel.pipeline();
        Http2Limits limits = connection.limits().http2();
        if (limits.keepAlivePingDelay() != null) {
            pipeline.addLast(new KeepAlivePing(limits.keepAlivePingDelay().toNanos(),
                    limits.keepAlivePingTimeout().toNanos()));
        }
        pipeline.addLast(codec);
        StalledWindows stalledWindows = Http2Hardening.install(pipeline, codec, connection);
        pipeline.addLast(new Http2StreamDispatcher(codec, connection, stalledWindows))
                .addLast(new Http2ConnectionLifecycle(codec.connection(), connection));
        return codec;
    }
}
