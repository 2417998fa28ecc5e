package dev.harrier.protocol.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The end of a connection after a connection error: the GOAWAY must reach the client, which a
 * close right after it often prevents (closing a socket with unread input resets it, and the
 * client loses what it had not read yet), and the connection must end even when the client does
 * not read. Once a GOAWAY with an error is sent, it is flushed, input is discarded unread, and a
 * close waits until the client closes its side, at most {@value #LINGER_MILLIS} ms after the
 * GOAWAY, when the connection is closed in any case. Sits before the frame codec.
 */
final class LingeringClose extends ChannelDuplexHandler {

    static final long LINGER_MILLIS = 1000;

    private ChannelHandlerContext ctx;
    private boolean ending;
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

    /** Called as the GOAWAY is about to be written: it is flushed right after. */
    private void errorGoAwaySent() {
        if (!ending && ctx.channel().isActive()) {
            ending = true;
            ctx.executor().execute(ctx::flush);
            deadline = ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (!ending || !ctx.channel().isActive()) {
            ctx.close(promise);
            return;
        }
        ctx.flush();
        ctx.channel().closeFuture().addListener(closed -> promise.trySuccess());
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
