package dev.harrier.protocol.http2;

import dev.harrier.http.Headers;
import dev.harrier.spi.HeaderFieldCheck;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * {@link Headers} as a view over Netty's {@link Http2Headers}; nothing is copied. HTTP/2 field
 * names are lower case on the wire, so names given in any case are looked up and stored in
 * lower case (converted only when they contain an upper-case letter). Pseudo-header fields
 * ({@code :method}, {@code :status}, ...) belong to the protocol and are not part of the view.
 * Every name and value set through the view is validated.
 */
final class Http2HeadersView implements Headers {

    private final Http2Headers headers;

    Http2HeadersView(Http2Headers headers) {
        this.headers = headers;
    }

    Http2Headers netty() {
        return headers;
    }

    @Override
    public String get(CharSequence name) {
        CharSequence value = headers.get(lowerCase(name));
        return value == null ? null : value.toString();
    }

    @Override
    public List<String> getAll(CharSequence name) {
        List<CharSequence> values = headers.getAll(lowerCase(name));
        List<String> strings = new ArrayList<>(values.size());
        for (CharSequence value : values) {
            strings.add(value.toString());
        }
        return strings;
    }

    @Override
    public boolean contains(CharSequence name) {
        return headers.contains(lowerCase(name));
    }

    /** As for HTTP/1.1: a field holding a comma-separated list contains each of its elements. */
    @Override
    public boolean contains(CharSequence name, CharSequence value, boolean ignoreCase) {
        for (CharSequence field : headers.getAll(lowerCase(name))) {
            int start = 0;
            while (start <= field.length()) {
                int comma = AsciiString.indexOf(field, ',', start);
                int end = comma < 0 ? field.length() : comma;
                CharSequence element = AsciiString.trim(field.subSequence(start, end));
                if (ignoreCase ? AsciiString.contentEqualsIgnoreCase(element, value)
                        : AsciiString.contentEquals(element, value)) {
                    return true;
                }
                start = end + 1;
            }
        }
        return false;
    }

    @Override
    public Headers set(CharSequence name, CharSequence value) {
        headers.set(checked(name, value), value);
        return this;
    }

    @Override
    public Headers add(CharSequence name, CharSequence value) {
        headers.add(checked(name, value), value);
        return this;
    }

    @Override
    public boolean remove(CharSequence name) {
        return headers.remove(lowerCase(name));
    }

    @Override
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (CharSequence name : headers.names()) {
            if (!isPseudo(name)) {
                names.add(name.toString());
            }
        }
        return names;
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
        for (Map.Entry<CharSequence, CharSequence> entry : headers) {
            if (!isPseudo(entry.getKey())) {
                action.accept(entry.getKey().toString(), entry.getValue().toString());
            }
        }
    }

    @Override
    public int size() {
        int pseudo = 0;
        Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iterator();
        // Netty keeps pseudo-header fields ahead of the others.
        while (it.hasNext() && isPseudo(it.next().getKey())) {
            pseudo++;
        }
        return headers.size() - pseudo;
    }

    static boolean isPseudo(CharSequence name) {
        return name.length() > 0 && name.charAt(0) == ':';
    }

    /** The name in lower case; the same object when it has no upper-case letter. */
    static CharSequence lowerCase(CharSequence name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return AsciiString.of(name).toLowerCase();
            }
        }
        return name;
    }

    private static CharSequence checked(CharSequence name, CharSequence value) {
        HeaderFieldCheck.check(name, value, HttpHeaderValidationUtil::validateToken,
                HttpHeaderValidationUtil::validateValidHeaderValue);
        return lowerCase(name);
    }

    @Override
    public String toString() {
        return headers.toString();
    }
}
