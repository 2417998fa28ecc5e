package dev.harrier.tls;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Lets the alert of a failed TLS handshake reach the client. A TLS 1.3 client whose certificate
 * the server rejects has finished its side of the handshake and sent its request before the
 * alert arrives; closing at once would answer that request with a TCP reset, which can discard
 * the alert on its way, so the client sees "connection reset" instead of why. This handler sits
 * in front of the TLS handler until the handshake succeeds; once told the handshake failed, a
 * close ends the output once the alert is sent and drops what the client still sends; the
 * channel closes when the client closes its end (half-closure is off during the handshake) or
 * after {@value #LINGER_MILLIS} ms.
 */
final class FailedHandshakeLinger extends ChannelDuplexHandler {

    private static final long LINGER_MILLIS = 1000;

    private boolean handshakeFailed;
    private boolean lingering;

    /** The handshake failed: the next close lingers. */
    void handshakeFailed() {
        handshakeFailed = true;
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (lingering) {
            ctx.channel().closeFuture().addListener(closed -> promise.trySuccess());
            return;
        }
        if (!handshakeFailed || !(ctx.channel() instanceof DuplexChannel channel) || !channel.isActive()) {
            ctx.close(promise);
            return;
        }
        lingering = true;
        channel.closeFuture().addListener(closed -> promise.trySuccess());
        // The empty write completes once everything before it, the alert, is on the wire.
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> channel.shutdownOutput());
        channel.config().setAutoRead(true);
        ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (lingering) {
            ReferenceCountUtil.release(message);
            return;
        }
        ctx.fireChannelRead(message);
    }
}
