package dev.harrier.protocol.http1;

import dev.harrier.http.Headers;
import dev.harrier.spi.HeaderFieldCheck;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * {@link Headers} as a view over the {@link HttpHeaders} Netty decoded for a request (its
 * header or trailer fields); nothing is copied. A name or value set through the view (middleware
 * may rewrite a request's fields) is validated here.
 */
final class NettyHeaders implements Headers {

    private final HttpHeaders headers;

    NettyHeaders(HttpHeaders headers) {
        this.headers = headers;
    }

    HttpHeaders netty() {
        return headers;
    }

    @Override
    public String get(CharSequence name) {
        return headers.get(name);
    }

    @Override
    public List<String> getAll(CharSequence name) {
        return headers.getAll(name);
    }

    @Override
    public boolean contains(CharSequence name) {
        return headers.contains(name);
    }

    @Override
    public boolean contains(CharSequence name, CharSequence value, boolean ignoreCase) {
        return headers.containsValue(name, value, ignoreCase);
    }

    @Override
    public Headers set(CharSequence name, CharSequence value) {
        check(name, value);
        headers.set(name, value);
        return this;
    }

    @Override
    public Headers add(CharSequence name, CharSequence value) {
        check(name, value);
        headers.add(name, value);
        return this;
    }

    @Override
    public boolean remove(CharSequence name) {
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

    private static void check(CharSequence name, CharSequence value) {
        HeaderFieldCheck.check(name, value, HttpHeaderValidationUtil::validateToken,
                HttpHeaderValidationUtil::validateValidHeaderValue);
    }

    @Override
    public String toString() {
        return headers.toString();
    }
}
