package dev.harrier.protocol.http1;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.CharsetUtil;
import java.util.Iterator;
import java.util.Map;

/**
 * The bytes of HTTP/1.x responses (RFC 9112): status lines, header fields and chunk framing,
 * written straight into the connection's output buffer. Status lines and the fields the
 * server adds itself are encoded once.
 */
final class Http1Encoding {

    static final short CRLF = ('\r' << 8) | '\n';
    private static final short COLON_SP = (':' << 8) | ' ';
    private static final int FIRST_CACHED_STATUS = 100;
    private static final byte[][] STATUS_LINES_11 = statusLines(HttpVersion.HTTP_1_1);
    private static final byte[][] STATUS_LINES_10 = statusLines(HttpVersion.HTTP_1_0);
    private static final byte[] LAST_CHUNK = "0\r\n".getBytes(CharsetUtil.US_ASCII);

    private Http1Encoding() {
    }

    private static byte[][] statusLines(HttpVersion version) {
        byte[][] lines = new byte[600 - FIRST_CACHED_STATUS][];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = statusLine(version, FIRST_CACHED_STATUS + i);
        }
        return lines;
    }

    private static byte[] statusLine(HttpVersion version, int status) {
        return (version.text() + ' ' + status + ' ' + HttpResponseStatus.valueOf(status).reasonPhrase() + "\r\n")
                .getBytes(CharsetUtil.US_ASCII);
    }

    /** A header field made once, name and value: {@code name: value CRLF}. */
    static byte[] field(CharSequence name, CharSequence value) {
        return (name + ": " + value + "\r\n").getBytes(CharsetUtil.US_ASCII);
    }

    /** The name and separator of a field whose value varies: {@code name: }. */
    static byte[] fieldStart(CharSequence name) {
        return (name + ": ").getBytes(CharsetUtil.US_ASCII);
    }

    /** {@code HTTP/1.1 200 OK CRLF}, in the version of the request (1.0 or 1.1). */
    static void statusLine(ByteBuf out, HttpVersion version, int status) {
        int index = status - FIRST_CACHED_STATUS;
        if (index >= 0 && index < STATUS_LINES_11.length) {
            out.writeBytes(version == HttpVersion.HTTP_1_0 ? STATUS_LINES_10[index] : STATUS_LINES_11[index]);
        } else {
            out.writeBytes(statusLine(version, status));
        }
    }

    /** {@code name: value CRLF}. */
    static void field(ByteBuf out, CharSequence name, CharSequence value) {
        text(out, name);
        out.writeShort(COLON_SP);
        text(out, value);
        out.writeShort(CRLF);
    }

    /** A field begun with {@link #fieldStart}, its value and the line's end. */
    static void field(ByteBuf out, byte[] start, CharSequence value) {
        out.writeBytes(start);
        text(out, value);
        out.writeShort(CRLF);
    }

    /** The empty line that ends a head. */
    static void endOfHead(ByteBuf out) {
        out.writeShort(CRLF);
    }

    /** The line before a chunk's data: its size in hexadecimal. */
    static void chunkStart(ByteBuf out, int size) {
        out.writeCharSequence(Integer.toHexString(size), CharsetUtil.US_ASCII);
        out.writeShort(CRLF);
    }

    /** The line after a chunk's data. */
    static void chunkEnd(ByteBuf out) {
        out.writeShort(CRLF);
    }

    /** The last chunk, the trailer fields (if any) and the empty line that ends the message. */
    static void lastChunk(ByteBuf out, Iterator<Map.Entry<CharSequence, CharSequence>> trailers) {
        out.writeBytes(LAST_CHUNK);
        while (trailers != null && trailers.hasNext()) {
            Map.Entry<CharSequence, CharSequence> field = trailers.next();
            field(out, field.getKey(), field.getValue());
        }
        out.writeShort(CRLF);
    }

    /**
     * Field text as bytes, one per character: validated names and values are visible ASCII or
     * obs-text, and anything beyond Latin-1 becomes {@code ?} as in Netty's encoder.
     */
    private static void text(ByteBuf out, CharSequence text) {
        if (text instanceof AsciiString ascii) {
            out.writeBytes(ascii.array(), ascii.arrayOffset(), ascii.length());
        } else {
            out.writeCharSequence(text, CharsetUtil.US_ASCII);
        }
    }
}
