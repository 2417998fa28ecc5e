package dev.harrier.kernel;

import dev.harrier.spi.GracefulClose;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tells HTTP/2 with prior knowledge (h2c) from HTTP/1.x on a cleartext connection by its first
 * bytes: the HTTP/2 connection preface, or anything else. Installs the protocol and hands it
 * every byte received so far. A client that sends nothing is closed after the keep-alive timeout
 * (it is an idle connection, as either protocol would treat it), one that stops part way through
 * the preface after the request-headers timeout. When the server stops gracefully, the client
 * has {@link GracefulClose#FIRST_REQUEST_GRACE_MILLIS} ms to send its first request, which the
 * protocol then serves as the connection's last.
 */
final class PrefaceDetector extends ByteToMessageDecoder {

    private static final ByteBuf PREFACE = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII))).asReadOnly();

    private final EndpointProtocols protocols;
    private final KernelConnection connection;
    private Future<?> timeout;
    private boolean started;
    private boolean stopping;

    PrefaceDetector(EndpointProtocols protocols, KernelConnection connection) {
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
        int length = Math.min(in.readableBytes(), PREFACE.readableBytes());
        boolean prefix = ByteBufUtil.equals(in, in.readerIndex(), PREFACE, 0, length);
        if (prefix && length < PREFACE.readableBytes()) {
            if (!started && length > 0) {
                started = true;
                timeout.cancel(false);
                closeAfter(ctx, connection.limits().requestHeadersTimeout().toNanos());
            }
            return;
        }
        timeout.cancel(false);
        connection.install(prefix ? protocols.http2() : protocols.http1());
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
