package dev.harrier.protocol.http2;

import dev.harrier.http.ServerLimits;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.util.AsciiString;

/**
 * What a request's HEADERS must satisfy beyond what Netty's decoder enforces (field syntax,
 * pseudo-header order, connection-specific fields, the mandatory pseudo-headers), per RFC 9113
 * section 8.3 and the server's limits. A request that breaks them is answered with a status and
 * its stream reset, never dispatched.
 */
final class RequestHeadRules {

    /**
     * Why a request is refused.
     *
     * @param status the status answered
     * @param reset  the error of the RST_STREAM that follows when the client is still sending
     * @param reason for the log
     */
    record Rejection(int status, Http2Error reset, String reason) {
    }

    private RequestHeadRules() {
    }

    /** The rejection of a request head, or {@code null} when it may be served. */
    static Rejection check(RequestHead head, String connectionScheme, ServerLimits limits) {
        CharSequence method = head.method;
        boolean connect = HttpMethod.CONNECT.asciiName().contentEquals(method);
        if (!connect) {
            Rejection target = checkPath(head.path, method);
            if (target != null) {
                return target;
            }
            if (!AsciiString.contentEqualsIgnoreCase(connectionScheme, head.scheme)) {
                return malformed(":scheme " + head.scheme + " on a connection that is " + connectionScheme);
            }
        }
        if (head.fieldTooLarge) {
            return new Rejection(431, Http2Error.NO_ERROR, "a header field is larger than maxRequestHeaderFieldSize");
        }
        if (head.hosts > 1) {
            return malformed("more than one Host field");
        }
        if (head.host != null && head.authority != null && !AsciiString.contentEqualsIgnoreCase(head.authority, head.host)) {
            return malformed("Host differs from :authority");
        }
        if (head.regularFields > limits.maxRequestHeaderCount()) {
            return new Rejection(431, Http2Error.NO_ERROR, "more header fields than maxRequestHeaderCount");
        }
        if (head.expect != null && !HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(head.expect)) {
            return new Rejection(417, Http2Error.NO_ERROR, "an expectation other than 100-continue");
        }
        return null;
    }

    /**
     * {@code :path} is origin-form ({@code /...}), or {@code *} for OPTIONS, without control
     * characters or spaces (which HPACK could carry).
     */
    private static Rejection checkPath(CharSequence path, CharSequence method) {
        if (path.length() == 0) {
            return malformed("empty :path");
        }
        boolean asterisk = path.length() == 1 && path.charAt(0) == '*';
        if (path.charAt(0) != '/' && !(asterisk && HttpMethod.OPTIONS.asciiName().contentEquals(method))) {
            return malformed(":path is neither origin-form nor * for OPTIONS");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x21 || c == 0x7f) {
                return malformed("a control character or space in :path");
            }
        }
        return null;
    }

    private static Rejection malformed(String reason) {
        return new Rejection(400, Http2Error.PROTOCOL_ERROR, reason);
    }
}
