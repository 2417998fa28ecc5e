package dev.harrier.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The protocols an endpoint serves, by the names their providers answer to, as Kestrel's
 * {@code HttpProtocols}: {@code Http1}, {@code Http2}, {@code Http1AndHttp2}, and any other
 * names joined by {@code And} ({@code Http1AndHttp2AndHttp3}, or a protocol of an extension's).
 * Which of them takes a connection is the providers' declaration (ALPN, first bytes, order). An
 * endpoint that names none serves the protocols whose providers are
 * {@link dev.harrier.spi.ProtocolProvider#servedByDefault() served by default} (HTTP/1.1 and HTTP/2).
 */
public final class HttpProtocols {

    private static final Pattern AND = Pattern.compile("(?i)_?and_?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]+");

    private final List<String> names;

    private HttpProtocols(List<String> names) {
        this.names = names;
    }

    /**
     * The protocols of these names, as their providers call themselves (ignoring case).
     *
     * @throws IllegalArgumentException when there is none, or a name is not letters and digits
     */
    public static HttpProtocols of(String... names) {
        List<String> list = new ArrayList<>(names.length);
        for (String name : names) {
            String trimmed = name.trim();
            if (!NAME.matcher(trimmed).matches() || AND.matcher(trimmed).find()) {
                throw new IllegalArgumentException("'" + name + "' is not a protocol name such as Http1 or Http2");
            }
            if (list.stream().noneMatch(trimmed::equalsIgnoreCase)) {
                list.add(trimmed);
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("names no protocol");
        }
        return new HttpProtocols(List.copyOf(list));
    }

    /**
     * Parses a configuration value: names joined by {@code And}, ignoring case
     * ({@code Http1AndHttp2}, {@code http1andhttp2}, {@code HTTP1_AND_HTTP2}).
     *
     * @throws IllegalArgumentException saying what a value looks like
     */
    public static HttpProtocols parse(String value) {
        try {
            return of(AND.split(value.trim(), -1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be protocol names joined by 'And', such as Http1, Http2 or "
                    + "Http1AndHttp2 (was '" + value + "')");
        }
    }

    /** The names, in the order given. */
    public List<String> names() {
        return names;
    }

    /** Whether this names {@code name}, ignoring case. */
    public boolean includes(String name) {
        return names.stream().anyMatch(name::equalsIgnoreCase);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HttpProtocols that && lower().equals(that.lower());
    }

    @Override
    public int hashCode() {
        return lower().hashCode();
    }

    private List<String> lower() {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).sorted().toList();
    }

    /** The configuration form, for example {@code Http1AndHttp2}. */
    @Override
    public String toString() {
        return String.join("And", names);
    }
}
