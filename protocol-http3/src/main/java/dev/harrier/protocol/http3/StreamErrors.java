package dev.harrier.protocol.http3;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http3.Http3Exception;
import io.netty.handler.codec.quic.QuicException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a connection's unidirectional streams: reports the HTTP/3 errors Netty's
 * control and QPACK stream handlers raise (they have ended the connection with the error's code),
 * and keeps the rest out of Netty's "reached the tail" warnings.
 */
@ChannelHandler.Sharable
final class StreamErrors extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(StreamErrors.class);

    private final Http3Connection connection;

    StreamErrors(Http3Connection connection) {
        this.connection = connection;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http3Exception error) {
            connection.protocolError(error);
        } else if (cause instanceof QuicException) {
            LOG.debug("Stream {}: {}", ctx.channel(), cause.toString());
        } else {
            connection.server().unexpected(cause);
            ctx.channel().parent().close();
        }
    }
}
