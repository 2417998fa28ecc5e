package dev.harrier.spi;

import io.netty.channel.ChannelHandlerContext;

/**
 * One flush per read batch for a protocol's connection handler: a flush asked for while the
 * handler is reading waits for the end of the read, so the responses written during one read
 * (pipelined HTTP/1.1 requests, the streams of an HTTP/2 connection, served inline) leave in
 * one write. Any other flush, and every flush while the connection is not writable, happens at
 * once. For the event loop only.
 */
public final class ReadBatchFlush {

    private boolean reading;
    private boolean pending;

    /** The handler is reading: call from {@code channelRead}. */
    public void reading() {
        reading = true;
    }

    /** Flushes now, or at the end of the read in progress. */
    public void flush(ChannelHandlerContext ctx) {
        if (reading && ctx.channel().isWritable()) {
            pending = true;
        } else {
            pending = false;
            ctx.flush();
        }
    }

    /** The read batch is over: call from {@code channelReadComplete}. */
    public void readComplete(ChannelHandlerContext ctx) {
        reading = false;
        flushPending(ctx);
    }

    /** Flushes now what waits for the end of the read, if anything (before a close, say). */
    public void flushPending(ChannelHandlerContext ctx) {
        if (pending) {
            pending = false;
            ctx.flush();
        }
    }
}
