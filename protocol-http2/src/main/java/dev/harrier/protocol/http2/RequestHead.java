package dev.harrier.protocol.http2;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Headers.PseudoHeaderName;
import java.util.Iterator;
import java.util.Map;

/**
 * The fields of a request's HEADERS that the server reads itself, found in one pass over the
 * fields instead of a lookup by name each (a hash probe and comparisons per lookup). Where a
 * field repeats, the first one counts, as with a lookup.
 */
final class RequestHead {

    final Http2Headers headers;
    CharSequence method;
    CharSequence path;
    CharSequence scheme;
    CharSequence authority;
    CharSequence host;
    CharSequence contentLength;
    CharSequence expect;
    /** Host fields, and fields that are not pseudo-headers. */
    int hosts;
    int regularFields;
    /** Whether a field's name or value is longer than the limit given to {@link #read}. */
    boolean fieldTooLarge;

    private RequestHead(Http2Headers headers) {
        this.headers = headers;
    }

    static RequestHead read(Http2Headers headers, int maxFieldSize) {
        RequestHead head = new RequestHead(headers);
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iterator(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> field = it.next();
            CharSequence name = field.getKey();
            CharSequence value = field.getValue();
            if (name.length() > maxFieldSize || value.length() > maxFieldSize) {
                head.fieldTooLarge = true;
            }
            if (Http2HeadersView.isPseudo(name)) {
                head.pseudo(name, value);
            } else {
                head.regular(name, value);
            }
        }
        return head;
    }

    private void pseudo(CharSequence name, CharSequence value) {
        if (method == null && PseudoHeaderName.METHOD.value().contentEquals(name)) {
            method = value;
        } else if (path == null && PseudoHeaderName.PATH.value().contentEquals(name)) {
            path = value;
        } else if (scheme == null && PseudoHeaderName.SCHEME.value().contentEquals(name)) {
            scheme = value;
        } else if (authority == null && PseudoHeaderName.AUTHORITY.value().contentEquals(name)) {
            authority = value;
        }
    }

    private void regular(CharSequence name, CharSequence value) {
        regularFields++;
        if (HttpHeaderNames.HOST.contentEquals(name)) {
            if (hosts++ == 0) {
                host = value;
            }
        } else if (contentLength == null && HttpHeaderNames.CONTENT_LENGTH.contentEquals(name)) {
            contentLength = value;
        } else if (expect == null && HttpHeaderNames.EXPECT.contentEquals(name)) {
            expect = value;
        }
    }
}
