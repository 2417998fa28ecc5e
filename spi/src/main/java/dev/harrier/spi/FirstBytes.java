package dev.harrier.spi;

import io.netty.buffer.ByteBuf;

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
}
