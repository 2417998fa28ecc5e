package dev.harrier.spi;

import dev.harrier.http.ServerLimits;
import io.netty.util.AsciiString;

/**
 * What an HTTP/2 or HTTP/3 request head must satisfy beyond what Netty's decoders enforce (field
 * syntax, pseudo-header order, connection-specific fields, the mandatory pseudo-headers), per
 * RFC 9113 section 8.3 and RFC 9114 section 4.3, and the server's limits. A request that breaks them is answered with a status and
 * its stream reset, never dispatched.
 */
public final class RequestHeadRules {

    private static final AsciiString CONNECT = AsciiString.cached("CONNECT");
    private static final AsciiString OPTIONS = AsciiString.cached("OPTIONS");
    private static final AsciiString CONTINUE = AsciiString.cached("100-continue");

    /**
     * Why a request is refused.
     *
     * @param status the status answered
     * @param malformed whether the request is malformed: the stream is then reset with the
     *                  protocol's error for that (HTTP/2 PROTOCOL_ERROR, HTTP/3 H3_MESSAGE_ERROR)
     *                  when the client is still sending, else with NO_ERROR
     * @param reason    for the log
     */
    public record Rejection(int status, boolean malformed, String reason) {
    }

    private RequestHeadRules() {
    }

    /** The rejection of a request head, or {@code null} when it may be served. */
    public static Rejection check(RequestPseudoHead head, String connectionScheme, ServerLimits limits) {
        CharSequence method = head.method;
        boolean connect = CONNECT.contentEquals(method);
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
            return new Rejection(431, false, "a header field is larger than maxRequestHeaderFieldSize");
        }
        if (head.hosts > 1) {
            return malformed("more than one Host field");
        }
        if (head.host != null && head.authority != null && !AsciiString.contentEqualsIgnoreCase(head.authority, head.host)) {
            return malformed("Host differs from :authority");
        }
        if (head.size > limits.maxRequestHeadersTotalSize()) {
            return new Rejection(431, false, "the header section is larger than maxRequestHeadersTotalSize");
        }
        if (head.regularFields > limits.maxRequestHeaderCount()) {
            return new Rejection(431, false, "more header fields than maxRequestHeaderCount");
        }
        if (head.expect != null && !CONTINUE.contentEqualsIgnoreCase(head.expect)) {
            return new Rejection(417, false, "an expectation other than 100-continue");
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
        if (path.charAt(0) != '/' && !(asterisk && OPTIONS.contentEquals(method))) {
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
        return new Rejection(400, true, reason);
    }
}
