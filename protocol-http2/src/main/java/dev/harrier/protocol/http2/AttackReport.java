package dev.harrier.protocol.http2;

import dev.harrier.http.Attack;
import dev.harrier.spi.ServerConnection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Exception;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the kernel, once per connection, that the connection is ending to stop an attack: when
 * the GOAWAY of one of the guards is sent, whichever guard it is (Netty's, on the way in or
 * out, or ours). Sits right after the frame codec and keeps the errors of those guards from the
 * handlers after it, so that the kernel's throttled line is the only one logged for them.
 */
final class AttackReport extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(AttackReport.class);

    private boolean reported;

    AttackReport(Http2Connection http2, ServerConnection connection) {
        http2.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onGoAwaySent(int lastStreamId, long errorCode, ByteBuf debugData) {
                Attack attack = AttackReasons.of(errorCode, debugData.toString(StandardCharsets.UTF_8));
                if (attack != null && !reported) {
                    reported = true;
                    connection.attackStopped(attack);
                }
            }
        });
    }

    /**
     * Keeps back a guard's error, and any connection error once an attack is reported (frames
     * read before the connection closed may break more rules).
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Http2Exception error = Http2CodecUtil.getEmbeddedHttp2Exception(cause);
        if (error != null && !Http2Exception.isStreamError(error) && (reported || isAttack(error))) {
            LOG.debug("Connection {} ends: {}", ctx.channel(), error.getMessage());
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private static boolean isAttack(Http2Exception error) {
        return error.getMessage() != null && AttackReasons.of(error.error().code(), error.getMessage()) != null;
    }
}
