package dev.harrier.protocol.http1;

import dev.harrier.spi.ContentLengths;
import dev.harrier.spi.HttpDate;
import dev.harrier.spi.ResponseFraming;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/**
 * Encodes the head of an HTTP/1.x response and frames its body (RFC 9112 section 6) as the
 * kernel's {@link ResponseFraming} says: the application's fields in one pass, leaving out those
 * the framing owns, then {@code Content-Length} or {@code Transfer-Encoding: chunked},
 * {@code Connection}, and {@code Date} and {@code Server} when the kernel adds them (encoded
 * once, written as they are).
 */
final class ResponseHead {

    /** How the bytes of a response body go on the wire. */
    enum Framing {
        /** No body: the kernel's framing says so (a response to HEAD, 204, 205, 304). */
        NONE,
        /** As they are: {@code Content-Length} says how many, or the connection closes after them. */
        RAW,
        /** In chunks, ended by the last chunk and the trailer fields. */
        CHUNKED
    }

    private static final byte[] SERVER = Http1Encoding.encodedField(HttpHeaderNames.SERVER, ResponseFraming.SERVER_NAME);
    private static final byte[] DATE = Http1Encoding.encodedFieldStart(HttpHeaderNames.DATE);
    private static final byte[] CONTENT_LENGTH = Http1Encoding.encodedFieldStart(HttpHeaderNames.CONTENT_LENGTH);
    private static final byte[] CHUNKED = Http1Encoding.encodedField(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    private static final byte[] CLOSE = Http1Encoding.encodedField(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    private static final byte[] UPGRADE = Http1Encoding.encodedField(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    private static final byte[] KEEP_ALIVE = Http1Encoding.encodedField(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    private ResponseHead() {
    }

    /**
     * Writes the head of the exchange's response. A response that must close the connection
     * (HTTP/1.0 with a body of no length, or {@code Connection: close} from the application)
     * marks the exchange so.
     *
     * @return how the body is to be framed
     */
    static Framing write(Http1Encoding out, Http1Exchange exchange, int status, ResponseFraming rules) {
        HttpVersion version = exchange.nettyRequest().protocolVersion();
        out.statusLine(version, status);

        CharSequence connection = null;
        ResponseFields fields = exchange.responseHeadersIfAny();
        int count = fields == null ? 0 : fields.size();
        for (int i = 0; i < count; i++) {
            CharSequence name = fields.name(i);
            switch (ServerField.of(name)) {
                case CONTENT_LENGTH, TRANSFER_ENCODING -> {
                    continue; // the server frames the body
                }
                case CONNECTION -> {
                    connection = fields.value(i); // written last, if it stays
                    continue;
                }
                case OTHER -> {
                }
            }
            out.field(name, fields.value(i));
        }

        long length = rules.contentLength();
        if (length >= 0) {
            out.field(CONTENT_LENGTH, ContentLengths.of(length));
        }
        Framing framing;
        if (!rules.body()) {
            framing = Framing.NONE;
        } else if (length >= 0) {
            framing = Framing.RAW;
        } else if (version == HttpVersion.HTTP_1_1) {
            framing = Framing.CHUNKED;
            out.raw(CHUNKED);
        } else {
            framing = Framing.RAW;
            exchange.closeAfterResponse = true; // the end of the body is the end of the connection
        }

        if (connection != null && ResponseFields.hasToken(connection, HttpHeaderValues.CLOSE, true)) {
            exchange.closeAfterResponse = true;
        }
        if (exchange.closeAfterResponse) {
            out.raw(CLOSE);
        } else if (version == HttpVersion.HTTP_1_0) {
            out.raw(KEEP_ALIVE);
        } else if (connection != null) {
            out.field(HttpHeaderNames.CONNECTION, connection);
        }
        if (rules.date()) {
            out.field(DATE, HttpDate.now());
        }
        if (rules.server()) {
            out.raw(SERVER);
        }
        out.lineEnd();
        return framing;
    }

    /**
     * The response to a request refused before it reached the application: no body, and the
     * connection closes after it.
     */
    static void writeRefusal(Http1Encoding out, int status, boolean addServer) {
        out.statusLine(HttpVersion.HTTP_1_1, status).field(CONTENT_LENGTH, ContentLengths.of(0)).raw(CLOSE)
                .field(DATE, HttpDate.now());
        if (addServer) {
            out.raw(SERVER);
        }
        out.lineEnd();
    }

    /**
     * {@code 101 Switching Protocols} with {@code Connection: upgrade} and the given fields, which
     * name the new protocol.
     */
    static void writeSwitch(Http1Encoding out, ResponseFields fields) {
        out.statusLine(HttpVersion.HTTP_1_1, 101).raw(UPGRADE);
        int count = fields == null ? 0 : fields.size();
        for (int i = 0; i < count; i++) {
            if (ServerField.of(fields.name(i)) != ServerField.CONNECTION) {
                out.field(fields.name(i), fields.value(i));
            }
        }
        out.lineEnd();
    }

    /** {@code 100 Continue}. */
    static void writeContinue(Http1Encoding out) {
        out.statusLine(HttpVersion.HTTP_1_1, 100).lineEnd();
    }

    /** The response fields HTTP/1.x framing owns, told apart by length first. */
    private enum ServerField {
        CONTENT_LENGTH, TRANSFER_ENCODING, CONNECTION, OTHER;

        static ServerField of(CharSequence name) {
            return switch (name.length()) {
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
