package dev.harrier.protocol.http1;

import dev.harrier.http.Headers;
import dev.harrier.spi.HeaderFieldCheck;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The header (or trailer) fields of an HTTP/1.x response, in the order the application set
 * them: a short array of names and values searched without hashing, since a response has a
 * handful of fields. Every name and value is validated as it is set; the encoder reads them
 * by position.
 */
final class ResponseFields implements Headers {

    private CharSequence[] fields = new CharSequence[8]; // name, value, name, value, ...
    private int size;

    /** The name of the field at a position. */
    CharSequence name(int index) {
        return fields[index << 1];
    }

    /** The value of the field at a position. */
    CharSequence value(int index) {
        return fields[(index << 1) + 1];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String get(CharSequence name) {
        int index = indexOf(name, 0);
        return index < 0 ? null : value(index).toString();
    }

    @Override
    public List<String> getAll(CharSequence name) {
        List<String> values = new ArrayList<>(2);
        for (int index = indexOf(name, 0); index >= 0; index = indexOf(name, index + 1)) {
            values.add(value(index).toString());
        }
        return values;
    }

    @Override
    public boolean contains(CharSequence name) {
        return indexOf(name, 0) >= 0;
    }

    /** Whether a value of the field is the given one, or lists it among comma-separated ones. */
    @Override
    public boolean contains(CharSequence name, CharSequence value, boolean ignoreCase) {
        for (int index = indexOf(name, 0); index >= 0; index = indexOf(name, index + 1)) {
            if (hasToken(value(index), value, ignoreCase)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Headers set(CharSequence name, CharSequence value) {
        check(name, value);
        removeAll(name);
        append(name, value);
        return this;
    }

    @Override
    public Headers add(CharSequence name, CharSequence value) {
        check(name, value);
        append(name, value);
        return this;
    }

    @Override
    public boolean remove(CharSequence name) {
        return removeAll(name);
    }

    @Override
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < size; i++) {
            names.add(name(i).toString());
        }
        return names;
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size; i++) {
            action.accept(name(i).toString(), value(i).toString());
        }
    }

    /**
     * Whether a field value is the token, or lists it among comma-separated ones (optional
     * whitespace around each), compared in any case when asked.
     */
    static boolean hasToken(CharSequence value, CharSequence token, boolean ignoreCase) {
        int length = value.length();
        for (int start = 0; start <= length; ) {
            int end = start;
            while (end < length && value.charAt(end) != ',') {
                end++;
            }
            int from = start;
            int to = end;
            while (from < to && isSpace(value.charAt(from))) {
                from++;
            }
            while (to > from && isSpace(value.charAt(to - 1))) {
                to--;
            }
            if (to - from == token.length() && AsciiString.regionMatches(value, ignoreCase, from, token, 0, to - from)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private int indexOf(CharSequence name, int from) {
        for (int i = from; i < size; i++) {
            CharSequence candidate = name(i);
            if (candidate == name || AsciiString.contentEqualsIgnoreCase(candidate, name)) {
                return i;
            }
        }
        return -1;
    }

    private void append(CharSequence name, CharSequence value) {
        int at = size << 1;
        if (at == fields.length) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        fields[at] = name;
        fields[at + 1] = value;
        size++;
    }

    private boolean removeAll(CharSequence name) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            CharSequence candidate = name(i);
            if (candidate != name && !AsciiString.contentEqualsIgnoreCase(candidate, name)) {
                fields[kept << 1] = candidate;
                fields[(kept << 1) + 1] = value(i);
                kept++;
            }
        }
        boolean removed = kept < size;
        Arrays.fill(fields, kept << 1, size << 1, null);
        size = kept;
        return removed;
    }

    private static void check(CharSequence name, CharSequence value) {
        HeaderFieldCheck.check(name, value, HttpHeaderValidationUtil::validateToken,
                HttpHeaderValidationUtil::validateValidHeaderValue);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("ResponseFields[");
        for (int i = 0; i < size; i++) {
            text.append(i == 0 ? "" : ", ").append(name(i)).append(": ").append(value(i));
        }
        return text.append(']').toString();
    }
}
