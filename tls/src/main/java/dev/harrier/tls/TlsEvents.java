package dev.harrier.tls;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands between TLS and the protocol of an HTTPS connection and tells it what TLS events mean
 * in its terms: a TLS failure after the handshake (a bad record, an alert) is the peer's doing,
 * so it closes the connection with a debug note instead of reaching the protocol as an error;
 * the client's {@code close_notify} ends its input, as a TCP half-close does. Data passes
 * untouched (this handler does not see it).
 */
@ChannelHandler.Sharable
final class TlsEvents extends ChannelInboundHandlerAdapter {

    static final TlsEvents INSTANCE = new TlsEvents();
    private static final Logger LOG = LoggerFactory.getLogger(TlsEvents.class);

    private TlsEvents() {
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        ctx.fireUserEventTriggered(event);
        if (event instanceof SslCloseCompletionEvent close && close.isSuccess()) {
            ctx.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isTlsFailure(cause)) {
            LOG.debug("TLS failure on {}: {}", ctx.channel(), cause.toString());
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    static boolean isTlsFailure(Throwable cause) {
        return cause instanceof SSLException
                || (cause instanceof DecoderException && cause.getCause() instanceof SSLException);
    }
}
