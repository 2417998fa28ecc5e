package dev.harrier.http;

import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * HTTP header fields. Names are case-insensitive; a name may carry several values, kept in
 * the order received. Implementations are views over the protocol's own header storage:
 * reading a request header copies nothing. Names and values set by the application are
 * validated (an invalid name, or a value with CR, LF or NUL, is an
 * {@link IllegalArgumentException}), so a response can never be split.
 */
public interface Headers {

    /** The first value of a header, or {@code null}. */
    String get(CharSequence name);

    /** Every value of a header in order; empty when absent. */
    List<String> getAll(CharSequence name);

    boolean contains(CharSequence name);

    /** Whether a header has the value, comparing values case-insensitively when asked. */
    boolean contains(CharSequence name, CharSequence value, boolean ignoreCase);

    /** Replaces every value of a header with one value. */
    Headers set(CharSequence name, CharSequence value);

    /** Adds a value after the existing ones. */
    Headers add(CharSequence name, CharSequence value);

    /** Removes every value of a header; returns whether it was present. */
    boolean remove(CharSequence name);

    /** The distinct names present. */
    Set<String> names();

    /** Visits every (name, value) pair in order. */
    void forEach(BiConsumer<String, String> action);

    /** The number of (name, value) pairs. */
    int size();

    default boolean isEmpty() {
        return size() == 0;
    }
}
