package dev.harrier.examples.echo;

import dev.harrier.spi.FirstBytes;
import dev.harrier.spi.ProtocolProvider;
import dev.harrier.spi.ServerConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Provides {@code Echo}: served where an endpoint names it ({@code protocols=Http1AndEcho}),
 * recognised by the greeting line {@code ECHO} or chosen by ALPN {@code echo}.
 */
public final class EchoProtocolProvider implements ProtocolProvider {

    /** The line a client opens an echo connection with. */
    static final ByteBuf GREETING = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("ECHO\r\n", StandardCharsets.US_ASCII)).asReadOnly();
    private static final FirstBytes DETECTOR = FirstBytes.startingWith(GREETING);
    private static final int MAX_LINE = 1024;

    @Override
    public String name() {
        return "Echo";
    }

    @Override
    public List<String> alpnIds() {
        return List.of("echo");
    }

    /** Before HTTP/2 and HTTP/1.1: asked first about a connection's first bytes. */
    @Override
    public int order() {
        return 10;
    }

    @Override
    public FirstBytes firstBytes() {
        return DETECTOR;
    }

    @Override
    public boolean concurrentExchanges() {
        return false;
    }

    @Override
    public void install(Channel channel, ServerConnection connection) {
        channel.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE), new EchoHandler());
    }
}
