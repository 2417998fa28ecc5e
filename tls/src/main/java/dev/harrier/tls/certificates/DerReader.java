package dev.harrier.tls.certificates;

import java.util.Arrays;

/** Walks the elements of a DER structure, far enough to find the parts of a private key. */
final class DerReader {

    private final byte[] der;
    private int position;
    private final int end;

    DerReader(byte[] der) {
        this(der, 0, der.length);
    }

    private DerReader(byte[] der, int start, int end) {
        this.der = der;
        this.position = start;
        this.end = end;
    }

    boolean hasMore() {
        return position < end;
    }

    /** The tag of the next element, without consuming it. */
    int peekTag() {
        require(1);
        return der[position] & 0xFF;
    }

    /** The content of the next element, which must carry {@code tag}. */
    byte[] read(int tag) {
        int[] bounds = next(tag);
        return Arrays.copyOfRange(der, bounds[0], bounds[1]);
    }

    /** A reader of the content of the next element, which must carry {@code tag} (a SEQUENCE, or a constructed [n]). */
    DerReader enter(int tag) {
        int[] bounds = next(tag);
        return new DerReader(der, bounds[0], bounds[1]);
    }

    /** The whole next element, tag and length included. */
    byte[] readElement() {
        int start = position;
        int[] bounds = next(peekTag());
        return Arrays.copyOfRange(der, start, bounds[1]);
    }

    private int[] next(int tag) {
        require(2);
        int actual = der[position++] & 0xFF;
        if (actual != tag) {
            throw new IllegalArgumentException(String.format("malformed DER: expected tag 0x%02X, found 0x%02X", tag, actual));
        }
        int length = der[position++] & 0xFF;
        if (length >= 0x80) {
            int bytes = length & 0x7F;
            if (bytes == 0 || bytes > 3) {
                throw new IllegalArgumentException("malformed DER: unsupported length");
            }
            require(bytes);
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[position++] & 0xFF);
            }
        }
        require(length);
        int start = position;
        position += length;
        return new int[] {start, position};
    }

    private void require(int bytes) {
        if (end - position < bytes) {
            throw new IllegalArgumentException("malformed DER: truncated");
        }
    }
}
