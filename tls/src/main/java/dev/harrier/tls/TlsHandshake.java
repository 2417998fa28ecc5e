package dev.harrier.tls;

import dev.harrier.spi.GracefulClose;
import dev.harrier.spi.LayerContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sees an HTTPS connection through its TLS handshake: counts it while it runs, closes it when
 * it takes longer than {@code tlsHandshakeTimeout}, and on success hands the connection on with
 * what was negotiated (the kernel gives it to the protocol ALPN chose). Failures are the client's business
 * (wrong version, untrusted certificate, a port scanner): they are counted and logged at debug
 * level only.
 */
final class TlsHandshake extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TlsHandshake.class);
    /**
     * How long a handshake under way may still complete when the server stops: a client that
     * has just connected has most likely sent its request already, which its protocol then serves.
     */
    private static final long STOPPING_GRACE_MILLIS = 1000;

    private final LayerContext connection;
    private final FailedHandshakeLinger linger;
    private Future<?> timeout;
    private String serverName;
    /** Data decrypted before the handshake event was seen, for the protocol. */
    private List<Object> early;
    private boolean finished;
    private boolean stopping;

    private TlsHandshake(LayerContext connection, FailedHandshakeLinger linger) {
        this.connection = connection;
        this.linger = linger;
    }

    /** Sets up TLS on a newly accepted connection, with the certificates {@code certificates} chooses. */
    static void begin(Channel channel, LayerContext connection, SniSelector certificates) {
        FailedHandshakeLinger linger = new FailedHandshakeLinger();
        channel.pipeline().addLast(linger, new ClientHelloReader(certificates), new TlsHandshake(connection, linger));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        connection.handshakeStarted();
        long nanos = connection.limits().tlsHandshakeTimeout().toNanos();
        timeout = ctx.executor().schedule(() -> {
            LOG.debug("TLS handshake with {} timed out after {}", connection.remoteAddress(),
                    connection.limits().tlsHandshakeTimeout());
            finish(false);
            ctx.close();
        }, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SniCompletionEvent sni) {
            serverName = sni.hostname();
        } else if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                succeeded(ctx);
            } else {
                failed(ctx, handshake.cause());
            }
        } else if (event == GracefulClose.INSTANCE) {
            stopping(ctx);
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (early == null) {
            early = new ArrayList<>(2);
        }
        early.add(message);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failed(ctx, cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish(false);
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        finish(false);
        if (early != null) {
            early.forEach(ReferenceCountUtil::release);
            early = null;
        }
    }

    /** The server is stopping: the handshake may finish within a grace period, then its protocol stops too. */
    private void stopping(ChannelHandlerContext ctx) {
        if (stopping) {
            return;
        }
        stopping = true;
        ctx.executor().schedule(() -> {
            if (!finished) {
                LOG.debug("Closing {}: the server stopped during its TLS handshake", connection.remoteAddress());
                finish(false);
                ctx.close();
            }
        }, STOPPING_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void failed(ChannelHandlerContext ctx, Throwable cause) {
        if (!finished) {
            LOG.debug("TLS handshake with {} failed: {}", connection.remoteAddress(), String.valueOf(cause));
        }
        finish(false);
        linger.handshakeFailed();
        ctx.close();
    }

    private void succeeded(ChannelHandlerContext ctx) {
        finish(true);
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.remove(linger);
        SslHandler ssl = pipeline.get(SslHandler.class);
        TlsSession session = TlsSession.of(ssl.engine().getSession(), serverName, ssl.applicationProtocol());
        List<Object> buffered = early;
        early = null;
        pipeline.replace(this, "tls-events", TlsEvents.INSTANCE);
        connection.proceed(session);
        ChannelHandlerContext next = pipeline.context(TlsEvents.INSTANCE);
        if (next == null) {
            if (buffered != null) {
                buffered.forEach(ReferenceCountUtil::release);
            }
            return;
        }
        if (buffered != null) {
            buffered.forEach(next::fireChannelRead);
            next.fireChannelReadComplete();
        }
        if (stopping) {
            next.fireUserEventTriggered(GracefulClose.INSTANCE);
        }
    }

    /** Leaves the in-progress count once, as a success or a failure. */
    private void finish(boolean success) {
        if (finished) {
            return;
        }
        finished = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        connection.handshakeEnded(success);
    }
}
