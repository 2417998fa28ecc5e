package dev.harrier.protocol.http1;

import dev.harrier.http.Headers;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/** {@link Headers} as a view over Netty's {@link HttpHeaders}; nothing is copied. */
final class NettyHeaders implements Headers {

    private final HttpHeaders headers;

    NettyHeaders(HttpHeaders headers) {
        this.headers = headers;
    }

    HttpHeaders netty() {
        return headers;
    }

    @Override
    public String get(String name) {
        return headers.get(name);
    }

    @Override
    public List<String> getAll(String name) {
        return headers.getAll(name);
    }

    @Override
    public boolean contains(String name) {
        return headers.contains(name);
    }

    @Override
    public boolean contains(String name, String value, boolean ignoreCase) {
        return headers.containsValue(name, value, ignoreCase);
    }

    @Override
    public Headers set(String name, String value) {
        headers.set(name, value);
        return this;
    }

    @Override
    public Headers add(String name, String value) {
        headers.add(name, value);
        return this;
    }

    @Override
    public boolean remove(String name) {
        boolean present = headers.contains(name);
        headers.remove(name);
        return present;
    }

    @Override
    public Set<String> names() {
        return headers.names();
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
        Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> entry = it.next();
            action.accept(entry.getKey().toString(), entry.getValue().toString());
        }
    }

    @Override
    public int size() {
        return headers.size();
    }

    @Override
    public String toString() {
        return headers.toString();
    }
}
