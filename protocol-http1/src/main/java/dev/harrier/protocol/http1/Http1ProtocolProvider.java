package dev.harrier.protocol.http1;

import dev.harrier.http.ServerLimits;
import dev.harrier.spi.ProtocolProvider;
import dev.harrier.spi.ServerConnection;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;

/** Provides HTTP/1.x ({@code http1}, ALPN {@code http/1.1}). */
public final class Http1ProtocolProvider implements ProtocolProvider {

    static final String DECODER = "http1-decoder";
    static final String ENCODER = "http1-encoder";

    /**
     * Flushes during a read batch (inline scheduling) wait for its end, up to this many;
     * flushes outside a read (the kernel's batches from application threads) go out at once.
     */
    private static final int FLUSHES_BEFORE_EXPLICIT_FLUSH = 256;

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
        Http1ConnectionHandler handler = new Http1ConnectionHandler(connection);
        channel.pipeline()
                .addLast(new FlushConsolidationHandler(FLUSHES_BEFORE_EXPLICIT_FLUSH, false))
                .addLast(handler.timeouts())
                .addLast(DECODER, new StrictRequestDecoder(decoder))
                .addLast(ENCODER, new HttpResponseEncoder())
                .addLast(handler);
    }
}
