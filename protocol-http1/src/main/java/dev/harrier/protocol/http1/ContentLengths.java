package dev.harrier.protocol.http1;

import io.netty.util.AsciiString;

/** {@code Content-Length} values, with the small ones (most responses) made once. */
final class ContentLengths {

    private static final int CACHED = 4096;
    private static final AsciiString[] SMALL = new AsciiString[CACHED];

    static {
        for (int i = 0; i < CACHED; i++) {
            SMALL[i] = AsciiString.cached(Integer.toString(i));
        }
    }

    private ContentLengths() {
    }

    static AsciiString of(long length) {
        return length < CACHED ? SMALL[(int) length] : AsciiString.of(Long.toString(length));
    }
}
