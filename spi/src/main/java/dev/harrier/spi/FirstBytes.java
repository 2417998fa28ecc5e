package dev.harrier.spi;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Recognises a protocol by the first bytes a client sends on a stream connection, as Jetty's
 * {@code ConnectionFactory.Detecting}: HTTP/2 with prior knowledge by its connection preface.
 * Used on cleartext connections of an endpoint that serves several protocols (see
 * {@link ProtocolProvider}).
 */
@FunctionalInterface
public interface FirstBytes {

    /** What the bytes received so far say. */
    enum Detection {
        /** The bytes are this protocol's: it takes the connection. */
        RECOGNISED,
        /** The bytes are not this protocol's: the next protocol is asked. */
        NOT_RECOGNISED,
        /** The bytes so far are a beginning of this protocol's: wait for more. */
        NEED_MORE_BYTES
    }

    /**
     * Looks at the bytes received so far without consuming them (reader index and content stay
     * as they are). Called on the event loop, once for every read until an answer other than
     * {@link Detection#NEED_MORE_BYTES}.
     */
    Detection detect(ByteBuf received);

    /**
     * Recognises a connection whose first bytes are {@code expected} (a preface, a greeting line):
     * a beginning of them needs more bytes, anything else is not recognised.
     *
     * @param expected kept and never released; an unreleasable, read-only buffer suits
     */
    static FirstBytes startingWith(ByteBuf expected) {
        int size = expected.readableBytes();
        return received -> {
            int length = Math.min(received.readableBytes(), size);
            if (!ByteBufUtil.equals(received, received.readerIndex(), expected, expected.readerIndex(), length)) {
                return Detection.NOT_RECOGNISED;
            }
            return length < size ? Detection.NEED_MORE_BYTES : Detection.RECOGNISED;
        };
    }
}
