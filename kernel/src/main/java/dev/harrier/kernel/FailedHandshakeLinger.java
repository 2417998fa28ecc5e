package dev.harrier.kernel;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Lets the alert of a failed TLS handshake reach the client. A TLS 1.3 client whose certificate
 * the server rejects has finished its side of the handshake and sent its request before the
 * alert arrives; closing at once would answer that request with a TCP reset, which can discard
 * the alert on its way, so the client sees "connection reset" instead of why. This handler sits
 * in front of the TLS handler until the handshake succeeds; once told the handshake failed, a
 * close ends the output after the alert, drops what the client still sends, and closes when the
 * client does or after {@value #LINGER_MILLIS} ms.
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
        ctx.flush();
        channel.shutdownOutput();
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

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (lingering && event instanceof ChannelInputShutdownEvent) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }
}
