package dev.harrier.kernel;

import dev.harrier.spi.FirstBytes;
import dev.harrier.spi.GracefulClose;
import dev.harrier.spi.ProtocolProvider;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.Future;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the protocol of a cleartext connection by its first bytes, asking the endpoint's
 * detecting protocols in their order (see {@link ProtocolProvider}); installs it and hands it
 * every byte received so far. A client that sends nothing is closed after the keep-alive timeout
 * (it is an idle connection, as any protocol would treat it), one that stops part way through
 * what a detector waits for after the request-headers timeout. When the server stops
 * gracefully, the client has {@link GracefulClose#FIRST_REQUEST_GRACE_MILLIS} ms to send its
 * first request, which the protocol then serves as the connection's last.
 */
final class ProtocolDetector extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(ProtocolDetector.class);

    private final EndpointProtocols protocols;
    private final KernelConnection connection;
    private Future<?> timeout;
    private boolean started;
    private boolean stopping;

    ProtocolDetector(EndpointProtocols protocols, KernelConnection connection) {
        this.protocols = protocols;
        this.connection = connection;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        closeAfter(ctx, connection.limits().keepAliveTimeout().toNanos());
    }

    private void closeAfter(ChannelHandlerContext ctx, long nanos) {
        timeout = ctx.executor().schedule(() -> ctx.close(), nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        ProtocolProvider chosen = protocols.fallback();
        for (ProtocolProvider protocol : protocols.stream()) {
            FirstBytes detector = protocol.firstBytes();
            if (detector == null) {
                continue;
            }
            FirstBytes.Detection detection = detector.detect(in);
            if (detection == FirstBytes.Detection.RECOGNISED) {
                chosen = protocol;
                break;
            }
            if (detection == FirstBytes.Detection.NEED_MORE_BYTES) {
                if (!started) {
                    started = true;
                    timeout.cancel(false);
                    closeAfter(ctx, connection.limits().requestHeadersTimeout().toNanos());
                }
                return;
            }
        }
        timeout.cancel(false);
        if (chosen == null) {
            LOG.debug("Closing {}: no protocol of its endpoint recognises its first bytes", connection.remoteAddress());
            in.skipBytes(in.readableBytes());
            ctx.close();
            return;
        }
        connection.install(chosen);
        ctx.pipeline().remove(this);
        if (stopping) {
            ctx.pipeline().fireUserEventTriggered(GracefulClose.INSTANCE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == GracefulClose.INSTANCE) {
            if (!stopping) {
                stopping = true;
                timeout.cancel(false);
                closeAfter(ctx, TimeUnit.MILLISECONDS.toNanos(GracefulClose.FIRST_REQUEST_GRACE_MILLIS));
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        timeout.cancel(false);
    }
}
