package dev.harrier.protocol.http1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Gathers the bytes the connection handler encodes between two flushes (status lines, header
 * fields, small bodies, chunk framing) in one buffer, so that a batch of pipelined responses
 * leaves as one buffer rather than one or more per response. The buffer goes downstream before
 * anything else is written, on every flush, and once it holds {@value #GATHER_LIMIT} bytes; so
 * the order of writes is kept and a flush sends everything before it. For the event loop only.
 */
final class GatheringWriter extends ChannelOutboundHandlerAdapter {

    /** Gathered bytes written downstream at the latest once this many are waiting. */
    static final int GATHER_LIMIT = 16 * 1024;
    private static final int MIN_CAPACITY = 256;

    private ChannelHandlerContext ctx;
    private ByteBuf gathered;
    /** The size of the last buffer written: the capacity of the next, so it rarely grows. */
    private int lastSize = MIN_CAPACITY;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The buffer to encode into, with room for about {@code room} more bytes. */
    ByteBuf buffer(int room) {
        ByteBuf buffer = gathered;
        if (buffer != null && buffer.readableBytes() + room > GATHER_LIMIT) {
            writeGathered();
            buffer = null;
        }
        if (buffer == null) {
            buffer = ctx.alloc().ioBuffer(Math.max(room, lastSize));
            gathered = buffer;
        }
        return buffer;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        writeGathered();
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writeGathered();
        ctx.flush();
    }

    /** Leaves with the connection, or after a protocol switch that flushed: nothing is left to send. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (gathered != null) {
            gathered.release();
            gathered = null;
        }
    }

    private void writeGathered() {
        ByteBuf buffer = gathered;
        if (buffer != null) {
            gathered = null;
            int size = buffer.readableBytes();
            lastSize = Math.min(Math.max(size, MIN_CAPACITY), GATHER_LIMIT);
            ctx.write(buffer, ctx.voidPromise());
        }
    }
}
