package dev.harrier.protocol.http1;

import dev.harrier.http.ServerLimits;
import dev.harrier.spi.ProtocolProvider;
import dev.harrier.spi.ServerConnection;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpDecoderConfig;

/** Provides HTTP/1.x ({@code http1}, ALPN {@code http/1.1}). */
public final class Http1ProtocolProvider implements ProtocolProvider {

    static final String CODEC = "http1-codec";

    @Override
    public String name() {
        return "http1";
    }

    @Override
    public String alpnId() {
        return "http/1.1";
    }

    @Override
    public boolean multiplexed() {
        return false;
    }

    @Override
    public void install(Channel channel, ServerConnection connection) {
        ServerLimits limits = connection.limits();
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxRequestLineSize())
                .setMaxHeaderSize(limits.maxRequestHeadersTotalSize())
                .setValidateHeaders(true)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true);
        GatheringWriter output = new GatheringWriter();
        Http1ConnectionHandler handler = new Http1ConnectionHandler(connection, output);
        channel.pipeline()
                .addLast(CODEC, new StrictRequestDecoder(decoder, handler.timeouts()))
                .addLast(output)
                .addLast(handler);
    }
}
