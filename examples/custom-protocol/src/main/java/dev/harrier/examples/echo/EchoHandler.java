package dev.harrier.examples.echo;

import dev.harrier.spi.GracefulClose;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;

/**
 * Answers every line with {@code echo: } and the line; the greeting line is taken silently, the
 * line {@code BYE} closes the connection, and so does a graceful stop of the server (an echo has
 * nothing in flight to finish).
 */
final class EchoHandler extends SimpleChannelInboundHandler<ByteBuf> {

    private boolean greeted;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
        String text = line.toString(StandardCharsets.UTF_8);
        if (!greeted && text.equals("ECHO")) {
            greeted = true;
            return;
        }
        if (text.equals("BYE")) {
            ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), "bye\r\n")).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), "echo: " + text + "\r\n"));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == GracefulClose.INSTANCE) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), "line too long\r\n"))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
