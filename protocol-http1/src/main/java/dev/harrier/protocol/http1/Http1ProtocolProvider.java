package dev.harrier.protocol.http1;

import dev.harrier.http.ServerLimits;
import dev.harrier.spi.ProtocolProvider;
import dev.harrier.spi.ServerConnection;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.util.List;

/**
 * Provides HTTP/1.x ({@code Http1}, ALPN {@code http/1.1}). It has no first-bytes detector: on an
 * endpoint shared with other protocols it takes what none of them recognises, and answers what it
 * cannot parse with {@code 400}.
 */
public final class Http1ProtocolProvider implements ProtocolProvider {

    static final String CODEC = "http1-codec";
    private static final List<String> ALPN_IDS = List.of("http/1.1");

    @Override
    public String name() {
        return "Http1";
    }

    @Override
    public boolean servedByDefault() {
        return true;
    }

    @Override
    public List<String> alpnIds() {
        return ALPN_IDS;
    }

    /** After HTTP/2: {@code h2} is offered first. */
    @Override
    public int order() {
        return 30;
    }

    @Override
    public boolean concurrentExchanges() {
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
