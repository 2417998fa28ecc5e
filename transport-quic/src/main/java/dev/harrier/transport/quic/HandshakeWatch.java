package dev.harrier.transport.quic;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a new QUIC connection's handshake: counts it while it runs, closes the connection when
 * it takes longer than {@code tlsHandshakeTimeout}, and once it is established hands the
 * connection to the kernel and leaves the pipeline.
 */
final class HandshakeWatch extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeWatch.class);

    private final QuicListener listener;
    private ScheduledFuture<?> timeout;
    private boolean counted;

    HandshakeWatch(QuicListener listener) {
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        listener.handshakes().incrementAndGet();
        counted = true;
        long nanos = listener.settings().limits().tlsHandshakeTimeout().toNanos();
        timeout = ctx.executor().schedule(() -> {
            LOG.debug("QUIC handshake of {} took longer than tlsHandshakeTimeout; closed", ctx.channel());
            ctx.close();
        }, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ended();
        listener.acceptor().accept(new QuicConnection((QuicChannel) ctx.channel(), listener.transportName()));
        ctx.fireChannelActive();
        ctx.pipeline().remove(this);
    }

    /** A failed handshake (a refused name, a missing client certificate, a client that gave up): closed. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("QUIC handshake of {} failed: {}", ctx.channel(), cause.toString());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ended();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ended();
    }

    private void ended() {
        if (counted) {
            counted = false;
            listener.handshakes().decrementAndGet();
            timeout.cancel(false);
        }
    }
}
