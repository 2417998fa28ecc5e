package dev.harrier.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.Headers;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * The answer of the raw Netty HTTP/2 and HTTP/3 baselines: {@code Hello, World!} with the
 * fields Harrier sends, from constants, and a {@code Date} formatted once per second.
 */
final class HelloFields {

    static final ByteBuf BODY = Unpooled.unreleasableBuffer(Unpooled.directBuffer()
            .writeBytes("Hello, World!".getBytes(StandardCharsets.US_ASCII))).asReadOnly();
    private static final AsciiString STATUS = AsciiString.cached(":status");
    private static final AsciiString STATUS_OK = AsciiString.cached("200");
    private static final AsciiString CONTENT_TYPE = AsciiString.cached("content-type");
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=utf-8");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
    private static final AsciiString BODY_LENGTH = AsciiString.cached(Integer.toString(BODY.readableBytes()));
    private static final AsciiString SERVER = AsciiString.cached("server");
    /** As long as Harrier's {@code harrier}, so both responses have the same size. */
    private static final AsciiString SERVER_NAME = AsciiString.cached("netty42");
    private static final AsciiString DATE = AsciiString.cached("date");

    private HelloFields() {
    }

    /** The response head: status 200 and its fields. */
    static <H extends Headers<CharSequence, CharSequence, H>> H write(H fields) {
        return fields.set(STATUS, STATUS_OK)
                .set(CONTENT_TYPE, TEXT_PLAIN)
                .set(CONTENT_LENGTH, BODY_LENGTH)
                .set(SERVER, SERVER_NAME)
                .set(DATE, BaselineServer.date());
    }
}
