package dev.harrier.protocol.http2;

import dev.harrier.spi.ServerConnection;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelOption;

/**
 * Sets up the channel of each stream a client opens: the stream's window is reopened by the
 * exchange as the application consumes the body (not as frames arrive), and its writability
 * follows the server's response buffer limit.
 */
@ChannelHandler.Sharable
final class Http2StreamInitializer extends ChannelInitializer<Http2StreamChannel> {

    /** The stream an HTTP/1.1 Upgrade request becomes (RFC 7540 section 3.2). */
    private static final int UPGRADE_STREAM_ID = 1;

    private final ServerConnection connection;
    private final boolean upgraded;
    private final WriteBufferWaterMark waterMark;

    /** @param upgraded whether the connection came by Upgrade: its stream 1 is the upgrade request */
    Http2StreamInitializer(ServerConnection connection, boolean upgraded) {
        this.connection = connection;
        this.upgraded = upgraded;
        long max = connection.limits().maxResponseBufferSize();
        int high = max > 0 ? (int) Math.min(Integer.MAX_VALUE, max) : 0;
        this.waterMark = high > 0 ? new WriteBufferWaterMark(high / 2, high) : null;
    }

    @Override
    protected void initChannel(Http2StreamChannel channel) {
        channel.config().setOption(Http2StreamChannelOption.AUTO_STREAM_FLOW_CONTROL, false);
        if (waterMark != null) {
            channel.config().setWriteBufferWaterMark(waterMark);
        }
        boolean upgradeRequest = upgraded && channel.stream().id() == UPGRADE_STREAM_ID;
        channel.pipeline().addLast(new Http2StreamHandler(connection, !upgradeRequest));
    }
}
