package dev.harrier.spi;

import io.netty.handler.codec.Headers;
import io.netty.util.AsciiString;

/**
 * A response head as HTTP/2 and HTTP/3 carry it, in a field section (Netty's {@code Http2Headers},
 * {@code Http3Headers}): the {@code :status} and the fields the kernel's {@link ResponseFraming}
 * decided, less those that are about an HTTP/1.1 connection and make such a response malformed.
 */
public final class ResponseHeadFields {

    private static final AsciiString STATUS = AsciiString.cached(":status");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
    private static final AsciiString DATE = AsciiString.cached("date");
    private static final AsciiString SERVER = AsciiString.cached("server");
    private static final AsciiString[] CONNECTION_SPECIFIC = {
        AsciiString.cached("connection"), AsciiString.cached("keep-alive"), AsciiString.cached("proxy-connection"),
        AsciiString.cached("transfer-encoding"), AsciiString.cached("upgrade"), AsciiString.cached("te"),
    };
    private static final int FIRST_CODE = 100;
    private static final AsciiString[] CODES = new AsciiString[1000 - FIRST_CODE];

    static {
        for (int i = 0; i < CODES.length; i++) {
            CODES[i] = AsciiString.cached(Integer.toString(FIRST_CODE + i));
        }
    }

    private ResponseHeadFields() {
    }

    /**
     * Completes the application's response fields into the head to send.
     *
     * @param status 100 to 999
     */
    public static <H extends Headers<CharSequence, CharSequence, H>> H write(H fields, int status,
            ResponseFraming framing) {
        for (AsciiString name : CONNECTION_SPECIFIC) {
            fields.remove(name);
        }
        fields.set(STATUS, code(status));
        if (framing.contentLength() >= 0) {
            fields.set(CONTENT_LENGTH, ContentLengths.of(framing.contentLength()));
        } else {
            fields.remove(CONTENT_LENGTH);
        }
        if (framing.date()) {
            fields.add(DATE, HttpDate.now());
        }
        if (framing.server()) {
            fields.add(SERVER, ResponseFraming.SERVER_NAME);
        }
        return fields;
    }

    /**
     * The head of a response a protocol makes itself to refuse a request before it reaches the
     * kernel (see {@link RequestHeadRules}): the status, no body, {@code Date}, and {@code Server}
     * when {@code addServer}.
     */
    public static <H extends Headers<CharSequence, CharSequence, H>> H writeRefusal(H fields, int status,
            boolean addServer) {
        return write(fields, status, new ResponseFraming(0, false, true, addServer));
    }

    /** An informational head, such as {@code 100 Continue}. */
    public static <H extends Headers<CharSequence, CharSequence, H>> H writeStatus(H fields, int status) {
        fields.set(STATUS, code(status));
        return fields;
    }

    private static CharSequence code(int status) {
        return CODES[status - FIRST_CODE];
    }
}
