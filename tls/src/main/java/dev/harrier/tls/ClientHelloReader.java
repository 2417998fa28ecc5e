package dev.harrier.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SniHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of an HTTPS connection: reads the client's TLS ClientHello and puts the TLS
 * handler with the certificate its SNI host name calls for in its place. A client that speaks
 * plain HTTP to the endpoint (its first byte is a letter, as in {@code GET}, where TLS begins
 * with a record type) gets a {@code 400} saying to use https, as nginx answers, and is closed.
 */
final class ClientHelloReader extends SniHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ClientHelloReader.class);
    /** The largest ClientHello read to find the SNI host name. */
    private static final int MAX_CLIENT_HELLO = 64 * 1024;
    private static final String PLAIN_HTTP_BODY = "This endpoint speaks HTTPS: use an https:// URL.\n";
    private static final byte[] PLAIN_HTTP_ANSWER = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
            + "Content-Length: " + PLAIN_HTTP_BODY.length() + "\r\nConnection: close\r\n\r\n" + PLAIN_HTTP_BODY)
            .getBytes(StandardCharsets.US_ASCII);

    /** Netty's own handshake timeout is off (0): {@link TlsHandshake} times the whole handshake. */
    ClientHelloReader(SniSelector certificates) {
        super(certificates, MAX_CLIENT_HELLO, 0L);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (in.isReadable() && isLetter(in.getByte(in.readerIndex()))) {
            LOG.debug("Plain HTTP on the HTTPS endpoint {}: answering 400", ctx.channel());
            in.skipBytes(in.readableBytes());
            ctx.writeAndFlush(Unpooled.wrappedBuffer(PLAIN_HTTP_ANSWER)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        super.decode(ctx, in, out);
    }

    private static boolean isLetter(byte b) {
        return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    }
}
