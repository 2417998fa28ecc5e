package dev.harrier.spi;

import dev.harrier.http.Headers;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;

/**
 * {@link Headers} as a view over a field section of HTTP/2 or HTTP/3 (Netty's {@code Http2Headers},
 * {@code Http3Headers}); nothing is copied. Their field names are lower case on the wire, so names
 * given in any case are looked up and stored in lower case (converted only when they contain an
 * upper-case letter). Pseudo-header fields ({@code :method}, {@code :status}, ...) belong to the
 * protocol and are not part of the view. Fields set through it are checked with the validators of
 * the protocol's codec.
 */
public final class FieldSection<H extends io.netty.handler.codec.Headers<CharSequence, CharSequence, H>> implements Headers {

    private final H headers;
    private final ToIntFunction<CharSequence> invalidNameAt;
    private final ToIntFunction<CharSequence> invalidValueAt;

    /**
     * @param invalidNameAt  the index of a name's first invalid character, or -1
     * @param invalidValueAt the index of a value's first invalid character, or -1
     */
    public FieldSection(H headers,
            ToIntFunction<CharSequence> invalidNameAt, ToIntFunction<CharSequence> invalidValueAt) {
        this.headers = headers;
        this.invalidNameAt = invalidNameAt;
        this.invalidValueAt = invalidValueAt;
    }

    /** The field section viewed. */
    public H netty() {
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

    /** Whether a field name is a pseudo-header's ({@code :path}, ...). */
    public static boolean isPseudo(CharSequence name) {
        return name.length() > 0 && name.charAt(0) == ':';
    }

    /** The name in lower case; the same object when it has no upper-case letter. */
    public static CharSequence lowerCase(CharSequence name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return AsciiString.of(name).toLowerCase();
            }
        }
        return name;
    }

    private CharSequence checked(CharSequence name, CharSequence value) {
        HeaderFieldCheck.check(name, value, invalidNameAt, invalidValueAt);
        return lowerCase(name);
    }

    @Override
    public String toString() {
        return headers.toString();
    }
}
