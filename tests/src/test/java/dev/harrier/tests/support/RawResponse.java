package dev.harrier.tests.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A response as read off the wire by {@link RawConnection}.
 *
 * @param version    for example {@code HTTP/1.1}
 * @param status     the status code
 * @param headers    lower-cased names to their values in order
 * @param trailers   trailer fields of a chunked body, same form
 * @param body       the body, de-chunked
 * @param chunkSizes the sizes of the chunks of a chunked body (the final 0 included)
 */
public record RawResponse(String version, int status, Map<String, List<String>> headers,
                          Map<String, List<String>> trailers, byte[] body, List<Integer> chunkSizes) {

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : values.get(0);
    }

    public String trailer(String name) {
        List<String> values = trailers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? null : values.get(0);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean chunked() {
        return !chunkSizes.isEmpty();
    }

    @Override
    public String toString() {
        return version + " " + status + " " + headers + " body(" + body.length + ")";
    }

    static final class Builder {
        private final String version;
        private final int status;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private final Map<String, List<String>> trailers = new LinkedHashMap<>();
        private final List<Integer> chunks = new ArrayList<>();
        private byte[] body = new byte[0];

        Builder(String version, int status) {
            this.version = version;
            this.status = status;
        }

        int status() {
            return status;
        }

        void header(String name, String value) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        }

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }

        void trailer(String name, String value) {
            trailers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        }

        void chunk(int size) {
            chunks.add(size);
        }

        void body(byte[] bytes) {
            body = bytes;
        }

        RawResponse build() {
            return new RawResponse(version, status, headers, trailers, body, List.copyOf(chunks));
        }
    }
}
