package dev.harrier.protocol.http1;

import dev.harrier.spi.ContentLengths;
import dev.harrier.spi.HttpDate;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * Encodes the head of an HTTP/1.x response and decides how its body is framed (RFC 9112
 * section 6): the application's fields in one pass, then the fields the server owns or adds —
 * {@code Content-Length} or {@code Transfer-Encoding: chunked}, {@code Connection}, and
 * {@code Date} and {@code Server} unless the application set its own.
 */
final class ResponseHead {

    /** How the bytes of a response body go on the wire. */
    enum Framing {
        /** No body: a response to HEAD, or a 1xx, 204, 205 or 304. */
        NONE,
        /** As they are: {@code Content-Length} says how many, or the connection closes after them. */
        RAW,
        /** In chunks, ended by the last chunk and the trailer fields. */
        CHUNKED
    }

    private static final AsciiString SERVER_NAME = AsciiString.cached("harrier");
    private static final byte[] SERVER = Http1Encoding.field(HttpHeaderNames.SERVER, SERVER_NAME);
    private static final byte[] DATE = Http1Encoding.fieldStart(HttpHeaderNames.DATE);
    private static final byte[] CONTENT_LENGTH = Http1Encoding.fieldStart(HttpHeaderNames.CONTENT_LENGTH);
    private static final byte[] CHUNKED = Http1Encoding.field(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    private static final byte[] CLOSE = Http1Encoding.field(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    private static final byte[] KEEP_ALIVE = Http1Encoding.field(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    /** Room asked for a head: most fit, a larger one makes the buffer grow. */
    static final int EXPECTED_SIZE = 256;

    private ResponseHead() {
    }

    /**
     * Writes the head of the exchange's response. A response that must close the connection
     * (HTTP/1.0 without a length, or {@code Connection: close} from the application) marks the
     * exchange so.
     *
     * @param bodyLength the length of the whole body sent with the head, or -1 when it streams
     * @return how the body is to be framed
     */
    static Framing write(ByteBuf out, Http1Exchange exchange, int status, long bodyLength, boolean addServer) {
        HttpVersion version = exchange.nettyRequest().protocolVersion();
        boolean noBodyStatus = status < 200 || status == 204 || status == 205 || status == 304;
        boolean keepsLength = status >= 200 && status != 204 && status != 205;
        Http1Encoding.statusLine(out, version, status);

        boolean hasLength = false;
        boolean hasDate = false;
        boolean hasServer = false;
        CharSequence connection = null;
        HttpHeaders headers = exchange.nettyResponseHeadersIfAny();
        if (headers != null && !headers.isEmpty()) {
            Iterator<Map.Entry<CharSequence, CharSequence>> fields = headers.iteratorCharSequence();
            while (fields.hasNext()) {
                Map.Entry<CharSequence, CharSequence> field = fields.next();
                CharSequence name = field.getKey();
                switch (ServerField.of(name)) {
                    case CONTENT_LENGTH -> {
                        if (!keepsLength) {
                            continue;
                        }
                        hasLength = true;
                    }
                    case TRANSFER_ENCODING -> {
                        continue; // the server frames the body
                    }
                    case CONNECTION -> {
                        connection = field.getValue(); // written last, if it stays
                        continue;
                    }
                    case DATE -> hasDate = true;
                    case SERVER -> hasServer = true;
                    case OTHER -> {
                    }
                }
                Http1Encoding.field(out, name, field.getValue());
            }
        }

        Framing framing;
        if (noBodyStatus) {
            framing = Framing.NONE;
            if (status == 205) {
                Http1Encoding.field(out, CONTENT_LENGTH, ContentLengths.of(0));
            }
        } else if (bodyLength >= 0) {
            framing = exchange.isHead() ? Framing.NONE : Framing.RAW;
            if (!hasLength) {
                Http1Encoding.field(out, CONTENT_LENGTH, ContentLengths.of(bodyLength));
            }
        } else if (hasLength) {
            framing = exchange.isHead() ? Framing.NONE : Framing.RAW;
        } else if (exchange.isHead()) {
            framing = Framing.NONE;
        } else if (version == HttpVersion.HTTP_1_1) {
            framing = Framing.CHUNKED;
            out.writeBytes(CHUNKED);
        } else {
            framing = Framing.RAW;
            exchange.closeAfterResponse = true; // the end of the body is the end of the connection
        }

        if (connection != null && hasToken(connection, HttpHeaderValues.CLOSE)) {
            exchange.closeAfterResponse = true;
        }
        if (exchange.closeAfterResponse) {
            out.writeBytes(CLOSE);
        } else if (version == HttpVersion.HTTP_1_0) {
            out.writeBytes(KEEP_ALIVE);
        } else if (connection != null) {
            Http1Encoding.field(out, HttpHeaderNames.CONNECTION, connection);
        }
        if (!hasDate) {
            Http1Encoding.field(out, DATE, HttpDate.now());
        }
        if (addServer && !hasServer) {
            out.writeBytes(SERVER);
        }
        Http1Encoding.endOfHead(out);
        return framing;
    }

    /**
     * The response to a request refused before it reached the application: no body, and the
     * connection closes after it.
     */
    static void writeRefusal(ByteBuf out, int status, boolean addServer) {
        Http1Encoding.statusLine(out, HttpVersion.HTTP_1_1, status);
        Http1Encoding.field(out, CONTENT_LENGTH, ContentLengths.of(0));
        out.writeBytes(CLOSE);
        Http1Encoding.field(out, DATE, HttpDate.now());
        if (addServer) {
            out.writeBytes(SERVER);
        }
        Http1Encoding.endOfHead(out);
    }

    /** {@code 101 Switching Protocols} with the given fields, which name the new protocol. */
    static void writeSwitch(ByteBuf out, HttpHeaders headers) {
        Http1Encoding.statusLine(out, HttpVersion.HTTP_1_1, 101);
        Iterator<Map.Entry<CharSequence, CharSequence>> fields = headers.iteratorCharSequence();
        while (fields.hasNext()) {
            Map.Entry<CharSequence, CharSequence> field = fields.next();
            Http1Encoding.field(out, field.getKey(), field.getValue());
        }
        Http1Encoding.endOfHead(out);
    }

    /** {@code 100 Continue}. */
    static void writeContinue(ByteBuf out) {
        Http1Encoding.statusLine(out, HttpVersion.HTTP_1_1, 100);
        Http1Encoding.endOfHead(out);
    }

    /** Whether a comma-separated field value lists the token (in any case). */
    private static boolean hasToken(CharSequence value, AsciiString token) {
        int start = 0;
        int length = value.length();
        while (start <= length) {
            int end = start;
            while (end < length && value.charAt(end) != ',') {
                end++;
            }
            int from = start;
            int to = end;
            while (from < to && isSpace(value.charAt(from))) {
                from++;
            }
            while (to > from && isSpace(value.charAt(to - 1))) {
                to--;
            }
            if (to - from == token.length()
                    && AsciiString.regionMatches(value, true, from, token, 0, token.length())) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /** The response fields the server owns or adds, told apart by length first. */
    private enum ServerField {
        CONTENT_LENGTH, TRANSFER_ENCODING, CONNECTION, DATE, SERVER, OTHER;

        static ServerField of(CharSequence name) {
            return switch (name.length()) {
                case 4 -> is(name, HttpHeaderNames.DATE) ? DATE : OTHER;
                case 6 -> is(name, HttpHeaderNames.SERVER) ? SERVER : OTHER;
                case 10 -> is(name, HttpHeaderNames.CONNECTION) ? CONNECTION : OTHER;
                case 14 -> is(name, HttpHeaderNames.CONTENT_LENGTH) ? CONTENT_LENGTH : OTHER;
                case 17 -> is(name, HttpHeaderNames.TRANSFER_ENCODING) ? TRANSFER_ENCODING : OTHER;
                default -> OTHER;
            };
        }

        private static boolean is(CharSequence name, AsciiString known) {
            return name == known || AsciiString.contentEqualsIgnoreCase(name, known);
        }
    }
}
