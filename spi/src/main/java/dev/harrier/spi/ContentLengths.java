package dev.harrier.spi;

import io.netty.util.AsciiString;

/** {@code Content-Length} values for protocols to send, with the small ones (most responses) made once. */
public final class ContentLengths {

    private static final int CACHED = 4096;
    private static final AsciiString[] SMALL = new AsciiString[CACHED];

    static {
        for (int i = 0; i < CACHED; i++) {
            SMALL[i] = AsciiString.cached(Integer.toString(i));
        }
    }

    private ContentLengths() {
    }

    /** The decimal text of a length, at least 0. */
    public static AsciiString of(long length) {
        return length < CACHED ? SMALL[(int) length] : AsciiString.of(Long.toString(length));
    }
}
