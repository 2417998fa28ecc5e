package dev.harrier.kernel;

import dev.harrier.http.Headers;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/** A header collection with nothing in it and nothing to change. */
final class EmptyHeaders implements Headers {

    @Override
    public String get(String name) {
        return null;
    }

    @Override
    public List<String> getAll(String name) {
        return List.of();
    }

    @Override
    public boolean contains(String name) {
        return false;
    }

    @Override
    public boolean contains(String name, String value, boolean ignoreCase) {
        return false;
    }

    @Override
    public Headers set(String name, String value) {
        throw new UnsupportedOperationException("these headers are read-only");
    }

    @Override
    public Headers add(String name, String value) {
        throw new UnsupportedOperationException("these headers are read-only");
    }

    @Override
    public boolean remove(String name) {
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
