package dev.harrier.kernel;

import dev.harrier.http.Headers;
import dev.harrier.spi.ResponseFraming;
import io.netty.util.AsciiString;

/**
 * The response rules of every protocol, in one place (RFC 9110 sections 6.4.1, 8.6, 9.3.2 and
 * 15): the statuses a handler may set, the responses that carry no body, the
 * {@code Content-Length} a response says, how the body a handler writes is held to the length it
 * declared (as Kestrel holds it), and whether {@code Date} and {@code Server} are added. The
 * protocols frame what the {@link ResponseFraming} made here tells them.
 *
 * <ul>
 *   <li>204, 205 and 304 have no content: whatever body the handler gives is dropped. 204 says no
 *       length, 205 says {@code Content-Length: 0}, 304 the handler's length if it set one (the
 *       length of the representation it stands for).</li>
 *   <li>A response to HEAD has no body and the length its GET has when sent whole: the handler's
 *       own, or that of the body sent with the head; none when the body streamed.</li>
 *   <li>Where a response has content, the handler's {@code Content-Length} binds it: a write
 *       beyond it fails, and so does a response completed short of it (not a response to HEAD,
 *       whose handler need not write the body).</li>
 *   <li>Informational statuses are the server's own: 100 Continue when the body is first read,
 *       101 through {@code HttpUpgradeFeature}.</li>
 * </ul>
 */
final class ResponseRules {

    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
    private static final AsciiString DATE = AsciiString.cached("date");
    private static final AsciiString SERVER = AsciiString.cached("server");
    /** Decimal digits of the largest length accepted: below {@link Long#MAX_VALUE}, so no overflow. */
    private static final int MAX_DIGITS = 18;

    private ResponseRules() {
    }

    /** Refuses a status a handler may not set: informational ones and anything outside 100-999. */
    static void checkStatus(int status) {
        if (status >= 100 && status < 200) {
            throw new IllegalArgumentException("Status " + status + " is informational and the server's own: 100 Continue "
                    + "goes out when the body is first read, 101 Switching Protocols through HttpUpgradeFeature.upgrade()");
        }
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("Invalid response status " + status);
        }
    }

    /** Whether a response of this status has no content: 204, 205, 304. */
    static boolean withoutContent(int status) {
        return status == 204 || status == 205 || status == 304;
    }

    /**
     * The {@code Content-Length} the handler set, or -1 for none ({@code headers} may be
     * {@code null}: none asked for). A value that is not a length fails the response.
     */
    static long declaredLength(Headers headers) {
        String value = headers == null ? null : headers.get(CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        if (value.isEmpty() || value.length() > MAX_DIGITS) {
            throw invalidLength(value);
        }
        long length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw invalidLength(value);
            }
            length = length * 10 + (c - '0');
        }
        return length;
    }

    /** The most body bytes a handler may write: the length it declared where the response has content, else -1 (any). */
    static long bodyLimit(int status, long declared) {
        return withoutContent(status) ? -1 : declared;
    }

    /** Fails a write that brings the body to {@code total} bytes, beyond the limit. */
    static void checkWrite(long total, long limit) {
        if (limit >= 0 && total > limit) {
            throw new IllegalStateException("Response Content-Length mismatch: too many bytes written (" + total + " of "
                    + limit + ")");
        }
    }

    /** Fails a body that ends with {@code total} bytes, short of the limit; a response to HEAD may. */
    static void checkComplete(long total, long limit, boolean headRequest) {
        if (limit >= 0 && total < limit && !headRequest) {
            throw new IllegalStateException("Response Content-Length mismatch: too few bytes written (" + total + " of "
                    + limit + ")");
        }
    }

    /**
     * How a response goes out, decided as its head is about to be sent; fails a body already
     * longer than the handler's {@code Content-Length} (set after the body was written).
     *
     * @param headers   the response headers, or {@code null} when none were asked for
     * @param written   the body bytes the handler has written so far
     * @param whole     whether those are the whole body, sent with the head
     * @param addServer the server's option: add {@code Server} unless the handler set it
     */
    static ResponseFraming framing(int status, boolean headRequest, Headers headers, long written, boolean whole,
            boolean addServer) {
        long declared = declaredLength(headers);
        checkWrite(written, bodyLimit(status, declared));
        long length = switch (status) {
            case 204 -> -1;
            case 205 -> 0;
            case 304 -> declared;
            // A HEAD handler that wrote nothing says nothing of the GET's length (as in Kestrel).
            default -> declared >= 0 || !whole ? declared : headRequest && written == 0 ? -1 : written;
        };
        boolean date = headers == null || !headers.contains(DATE);
        boolean server = addServer && (headers == null || !headers.contains(SERVER));
        return new ResponseFraming(length, !headRequest && !withoutContent(status), date, server);
    }

    private static IllegalStateException invalidLength(String value) {
        return new IllegalStateException("Invalid Content-Length set by the application: '" + value + "'");
    }
}
