package dev.harrier.protocol.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The end of a connection after a connection error: the GOAWAY must reach the client, which a
 * plain close often prevents (closing a socket with unread input resets it, and the client loses
 * what it had not read yet), and the connection must end even when the client does not read.
 * Once a GOAWAY with an error is sent, input is discarded unread; a close waits until what was
 * written has left, then shuts the output down and lets the client close; at most
 * {@value #LINGER_MILLIS} ms after the GOAWAY the connection is closed in any case. Sits before
 * the frame codec.
 */
final class LingeringClose extends ChannelDuplexHandler {

    static final long LINGER_MILLIS = 1000;

    private ChannelHandlerContext ctx;
    private boolean ending;
    private boolean closing;
    private ScheduledFuture<?> deadline;

    LingeringClose(Http2Connection http2) {
        http2.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onGoAwaySent(int lastStreamId, long errorCode, ByteBuf debugData) {
                if (errorCode != Http2Error.NO_ERROR.code()) {
                    errorGoAwaySent();
                }
            }
        });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    private void errorGoAwaySent() {
        if (!ending && ctx.channel().isActive()) {
            ending = true;
            deadline = ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (!ending || !ctx.channel().isActive()) {
            ctx.close(promise);
            return;
        }
        ctx.channel().closeFuture().addListener(closed -> promise.trySuccess());
        if (!closing) {
            closing = true;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
                if (written.isSuccess() && ctx.channel() instanceof DuplexChannel duplex && duplex.isActive()) {
                    duplex.shutdownOutput();
                } else {
                    ctx.close();
                }
            });
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ending) {
            ReferenceCountUtil.release(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /** The client closed its side (on a connection that allows half closure): done. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (ending && event instanceof ChannelInputShutdownEvent) {
            ctx.close();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        ctx.fireChannelInactive();
    }
}
