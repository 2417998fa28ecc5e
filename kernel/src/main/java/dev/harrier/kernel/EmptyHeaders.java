package dev.harrier.kernel;

import dev.harrier.http.Headers;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/** A header collection with nothing in it and nothing to change. */
final class EmptyHeaders implements Headers {

    @Override
    public String get(CharSequence name) {
        return null;
    }

    @Override
    public List<String> getAll(CharSequence name) {
        return List.of();
    }

    @Override
    public boolean contains(CharSequence name) {
        return false;
    }

    @Override
    public boolean contains(CharSequence name, CharSequence value, boolean ignoreCase) {
        return false;
    }

    @Override
    public Headers set(CharSequence name, CharSequence value) {
        throw new UnsupportedOperationException("these headers are read-only");
    }

    @Override
    public Headers add(CharSequence name, CharSequence value) {
        throw new UnsupportedOperationException("these headers are read-only");
    }

    @Override
    public boolean remove(CharSequence name) {
        return false;
    }

    @Override
    public Set<String> names() {
        return Set.of();
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
    }

    @Override
    public int size() {
        return 0;
    }
}
