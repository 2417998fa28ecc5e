package dev.harrier.protocol.http1;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.CharsetUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.Arrays;

/**
 * The bytes of HTTP/1.x responses (RFC 9112): status lines, header fields and chunk framing.
 * A head is put together in an array of the event loop's, then copied into the connection's
 * output buffer in one go; status lines and the fields the server adds itself are encoded once.
 */
final class Http1Encoding {

    private static final int FIRST_CACHED_STATUS = 100;
    private static final byte[][] STATUS_LINES_11 = statusLines(HttpVersion.HTTP_1_1);
    private static final byte[][] STATUS_LINES_10 = statusLines(HttpVersion.HTTP_1_0);
    private static final byte[] LAST_CHUNK = "0\r\n".getBytes(CharsetUtil.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(CharsetUtil.US_ASCII);
    private static final FastThreadLocal<Http1Encoding> PER_THREAD = new FastThreadLocal<>() {
        @Override
        protected Http1Encoding initialValue() {
            return new Http1Encoding();
        }
    };

    private static final int INITIAL_SIZE = 512;
    /** A larger array, grown for an exceptional head, is not kept. */
    private static final int MAX_KEPT_SIZE = 16 * 1024;

    private byte[] bytes = new byte[INITIAL_SIZE];
    private int length;

    private Http1Encoding() {
    }

    /** The calling thread's (an event loop's) encoding, emptied. */
    static Http1Encoding begin() {
        Http1Encoding encoding = PER_THREAD.get();
        encoding.length = 0;
        if (encoding.bytes.length > MAX_KEPT_SIZE) {
            encoding.bytes = new byte[INITIAL_SIZE];
        }
        return encoding;
    }

    private static byte[][] statusLines(HttpVersion version) {
        byte[][] lines = new byte[600 - FIRST_CACHED_STATUS][];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = encodedStatusLine(version, FIRST_CACHED_STATUS + i);
        }
        return lines;
    }

    private static byte[] encodedStatusLine(HttpVersion version, int status) {
        return (version.text() + ' ' + status + ' ' + HttpResponseStatus.valueOf(status).reasonPhrase() + "\r\n")
                .getBytes(CharsetUtil.US_ASCII);
    }

    /** A header field made once, name and value: {@code name: value CRLF}. */
    static byte[] encodedField(CharSequence name, CharSequence value) {
        return (name + ": " + value + "\r\n").getBytes(CharsetUtil.US_ASCII);
    }

    /** The name and separator of a field whose value varies: {@code name: }. */
    static byte[] encodedFieldStart(CharSequence name) {
        return (name + ": ").getBytes(CharsetUtil.US_ASCII);
    }

    /** How many bytes are encoded. */
    int length() {
        return length;
    }

    /** Copies what is encoded to the buffer. */
    void writeTo(ByteBuf out) {
        out.writeBytes(bytes, 0, length);
    }

    /** {@code HTTP/1.1 200 OK CRLF}, in the version of the request (1.0 or 1.1). */
    Http1Encoding statusLine(HttpVersion version, int status) {
        int index = status - FIRST_CACHED_STATUS;
        if (index >= 0 && index < STATUS_LINES_11.length) {
            return raw(version == HttpVersion.HTTP_1_0 ? STATUS_LINES_10[index] : STATUS_LINES_11[index]);
        }
        return raw(encodedStatusLine(version, status));
    }

    /** Bytes made beforehand, such as a whole field. */
    Http1Encoding raw(byte[] encoded) {
        ensure(encoded.length);
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
        return this;
    }

    /** {@code name: value CRLF}. */
    Http1Encoding field(CharSequence name, CharSequence value) {
        text(name);
        ensure(2);
        bytes[length++] = ':';
        bytes[length++] = ' ';
        return text(value).lineEnd();
    }

    /** A field begun with {@link #encodedFieldStart}, its value and the line's end. */
    Http1Encoding field(byte[] start, CharSequence value) {
        return raw(start).text(value).lineEnd();
    }

    /** Every field of a list, as it is. */
    Http1Encoding fields(ResponseFields fields) {
        for (int i = 0; i < fields.size(); i++) {
            field(fields.name(i), fields.value(i));
        }
        return this;
    }

    /** CRLF: the end of a line, or the empty line that ends a head. */
    Http1Encoding lineEnd() {
        ensure(2);
        bytes[length++] = '\r';
        bytes[length++] = '\n';
        return this;
    }

    /** The line before a chunk's data: its size in hexadecimal. */
    Http1Encoding chunkStart(int size) {
        int digits = Math.max(1, (Integer.SIZE - Integer.numberOfLeadingZeros(size) + 3) / 4);
        ensure(digits);
        for (int i = digits - 1; i >= 0; i--) {
            bytes[length++] = HEX[(size >>> (i * 4)) & 0xf];
        }
        return lineEnd();
    }

    /** The last chunk, the trailer fields (if any) and the empty line that ends the message. */
    Http1Encoding lastChunk(ResponseFields trailers) {
        raw(LAST_CHUNK);
        if (trailers != null) {
            fields(trailers);
        }
        return lineEnd();
    }

    /**
     * Field text as bytes, one per character: validated names and values are visible ASCII or
     * obs-text, and anything beyond Latin-1 becomes {@code ?} as in Netty's encoder.
     */
    private Http1Encoding text(CharSequence text) {
        int n = text.length();
        ensure(n);
        if (text instanceof AsciiString ascii) {
            System.arraycopy(ascii.array(), ascii.arrayOffset(), bytes, length, n);
        } else {
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                bytes[length + i] = (byte) (c > 0xff ? '?' : c);
            }
        }
        length += n;
        return this;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
