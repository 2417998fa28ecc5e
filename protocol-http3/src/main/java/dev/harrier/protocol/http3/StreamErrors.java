package dev.harrier.protocol.http3;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The last handler of a connection's unidirectional streams: reports the HTTP/3 errors Netty's
 * control and QPACK stream handlers raise (they have ended the connection with the error's code),
 * and keeps the rest out of Netty's "reached the tail" warnings.
 */
@ChannelHandler.Sharable
final class StreamErrors extends ChannelInboundHandlerAdapter {

    private final Http3Connection connection;

    StreamErrors(Http3Connection connection) {
        this.connection = connection;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (connection.failed(ctx, cause)) {
            ctx.channel().parent().close();
        }
    }
}
