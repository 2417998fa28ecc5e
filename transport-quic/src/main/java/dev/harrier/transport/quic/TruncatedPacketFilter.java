package dev.harrier.transport.quic;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;

/**
 * Drops datagrams with a short header too small to hold the connection ids this server issues,
 * before Netty's {@code QuicCodecDispatcher} reads one: it fails on them without releasing the
 * packet. No QUIC packet of a connection of this server is that short, so nothing is lost.
 */
@ChannelHandler.Sharable
final class TruncatedPacketFilter extends ChannelInboundHandlerAdapter {

    private static final int LONG_HEADER = 0x80;

    private final int connectionIdLength;

    TruncatedPacketFilter(int connectionIdLength) {
        this.connectionIdLength = connectionIdLength;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet) {
            int readable = packet.content().readableBytes();
            boolean shortHeader = readable > 0
                    && (packet.content().getByte(packet.content().readerIndex()) & LONG_HEADER) == 0;
            if (readable == 0 || shortHeader && readable <= 1 + connectionIdLength) {
                packet.release();
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
