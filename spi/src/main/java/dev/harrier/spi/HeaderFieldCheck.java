package dev.harrier.spi;

import io.netty.util.AsciiString;
import java.util.function.ToIntFunction;

/**
 * Checks a header field an application sets on a response, with the protocol's rules for names
 * and values, and remembers {@link AsciiString} names and values that passed, by identity, in a
 * small table: a constant set on every response (the content type of {@code send(String)}, say)
 * is checked once, not per response.
 */
public final class HeaderFieldCheck {

    private static final int SLOTS = 64;
    private static final Object[] VALID_NAMES = new Object[SLOTS];
    private static final Object[] VALID_VALUES = new Object[SLOTS];

    private HeaderFieldCheck() {
    }

    /**
     * @param invalidNameAt  the index of the name's first invalid character, or -1
     * @param invalidValueAt the index of the value's first invalid character, or -1
     * @throws IllegalArgumentException naming the field, when the name or the value is invalid
     */
    public static void check(CharSequence name, CharSequence value, ToIntFunction<CharSequence> invalidNameAt,
            ToIntFunction<CharSequence> invalidValueAt) {
        if (!known(VALID_NAMES, name)) {
            if (name.length() == 0 || invalidNameAt.applyAsInt(name) >= 0) {
                throw new IllegalArgumentException("Invalid header name '" + name + "'");
            }
            remember(VALID_NAMES, name);
        }
        if (!known(VALID_VALUES, value)) {
            if (invalidValueAt.applyAsInt(value) >= 0) {
                throw new IllegalArgumentException("Invalid value for header '" + name
                        + "': control characters such as CR, LF and NUL are not allowed");
            }
            remember(VALID_VALUES, value);
        }
    }

    private static boolean known(Object[] valid, CharSequence text) {
        return valid[slot(text)] == text;
    }

    /** Slots are written without locks: whatever a reader finds in one was checked. */
    private static void remember(Object[] valid, CharSequence text) {
        if (text instanceof AsciiString) {
            valid[slot(text)] = text;
        }
    }

    private static int slot(CharSequence text) {
        return System.identityHashCode(text) & (SLOTS - 1);
    }
}
