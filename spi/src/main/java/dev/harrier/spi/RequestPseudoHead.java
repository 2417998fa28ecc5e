package dev.harrier.spi;

import io.netty.handler.codec.Headers;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;

/**
 * The fields of an HTTP/2 or HTTP/3 request head (a HEADERS frame) that the server reads itself, found in one pass over the
 * fields instead of a lookup by name each (a hash probe and comparisons per lookup). Where a
 * field repeats, the first one counts, as with a lookup.
 */
public final class RequestPseudoHead {

    private static final AsciiString METHOD = AsciiString.cached(":method");
    private static final AsciiString PATH = AsciiString.cached(":path");
    private static final AsciiString SCHEME = AsciiString.cached(":scheme");
    private static final AsciiString AUTHORITY = AsciiString.cached(":authority");
    private static final AsciiString HOST = AsciiString.cached("host");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
    private static final AsciiString EXPECT = AsciiString.cached("expect");
    private static final int FIELD_OVERHEAD = 32;

    /** The field section read. */
    public final Headers<CharSequence, CharSequence, ?> headers;
    /** The first {@code :method}, {@code :path}, {@code :scheme}, {@code :authority}; {@code null} when absent. */
    public CharSequence method;
    public CharSequence path;
    public CharSequence scheme;
    public CharSequence authority;
    /** The first {@code host}, {@code content-length} and {@code expect} fields; {@code null} when absent. */
    public CharSequence host;
    public CharSequence contentLength;
    public CharSequence expect;
    /** Host fields, and fields that are not pseudo-headers. */
    public int hosts;
    public int regularFields;
    /** Whether a field's name or value is longer than the limit given to {@link #read}. */
    public boolean fieldTooLarge;
    /** The section's size as HTTP/2 and HTTP/3 count it: names and values plus 32 bytes per field. */
    public long size;

    private RequestPseudoHead(Headers<CharSequence, CharSequence, ?> headers) {
        this.headers = headers;
    }

    /** Reads a request head in one pass, noting whether a field's name or value is longer than {@code maxFieldSize}. */
    public static RequestPseudoHead read(Headers<CharSequence, CharSequence, ?> headers, int maxFieldSize) {
        RequestPseudoHead head = new RequestPseudoHead(headers);
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iterator(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> field = it.next();
            CharSequence name = field.getKey();
            CharSequence value = field.getValue();
            head.size += name.length() + value.length() + FIELD_OVERHEAD;
            if (name.length() > maxFieldSize || value.length() > maxFieldSize) {
                head.fieldTooLarge = true;
            }
            if (FieldSection.isPseudo(name)) {
                head.pseudo(name, value);
            } else {
                head.regular(name, value);
            }
        }
        return head;
    }

    /** Adds {@code :authority} as the request's {@code Host} field when it has none, as an HTTP/1.1 request would carry it. */
    public void addHostFromAuthority() {
        if (authority != null && hosts == 0) {
            headers.add(HOST, authority);
        }
    }

    private void pseudo(CharSequence name, CharSequence value) {
        if (method == null && METHOD.contentEquals(name)) {
            method = value;
        } else if (path == null && PATH.contentEquals(name)) {
            path = value;
        } else if (scheme == null && SCHEME.contentEquals(name)) {
            scheme = value;
        } else if (authority == null && AUTHORITY.contentEquals(name)) {
            authority = value;
        }
    }

    private void regular(CharSequence name, CharSequence value) {
        regularFields++;
        if (HOST.contentEquals(name)) {
            if (hosts++ == 0) {
                host = value;
            }
        } else if (contentLength == null && CONTENT_LENGTH.contentEquals(name)) {
            contentLength = value;
        } else if (expect == null && EXPECT.contentEquals(name)) {
            expect = value;
        }
    }
}
