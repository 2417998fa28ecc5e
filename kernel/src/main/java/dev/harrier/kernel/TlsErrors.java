package dev.harrier.kernel;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands between TLS and the protocol of an HTTPS connection: a TLS failure after the handshake
 * (a bad record, an alert) is the peer's doing, so it closes the connection with a debug note
 * instead of reaching the protocol as an error. Everything else passes untouched.
 */
@ChannelHandler.Sharable
final class TlsErrors extends ChannelInboundHandlerAdapter {

    static final TlsErrors INSTANCE = new TlsErrors();
    private static final Logger LOG = LoggerFactory.getLogger(TlsErrors.class);

    private TlsErrors() {
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
