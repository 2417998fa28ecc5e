package dev.harrier.protocol.http2;

import dev.harrier.spi.FirstBytes.Detection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http2.Http2CodecUtil;

/** Recognises h2c with prior knowledge by the client's connection preface (RFC 9113 section 3.4). */
final class ConnectionPreface {

    private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();

    private ConnectionPreface() {
    }

    static Detection detect(ByteBuf received) {
        int length = Math.min(received.readableBytes(), PREFACE.readableBytes());
        if (!ByteBufUtil.equals(received, received.readerIndex(), PREFACE, 0, length)) {
            return Detection.NOT_RECOGNISED;
        }
        return length < PREFACE.readableBytes() ? Detection.NEED_MORE_BYTES : Detection.RECOGNISED;
    }
}
