package dev.harrier.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

/** The request side of an {@link HttpContext}. */
public interface HttpRequest {

    /** The method as sent, for example {@code GET}. */
    String method();

    /** {@code http} or {@code https} as received; a trusted-proxy middleware may change it. */
    String scheme();

    void scheme(String scheme);

    /**
     * The host and optional port the request was addressed to: the authority of an
     * absolute-form target, else {@code Host} (HTTP/1.1) or {@code :authority} (HTTP/2+).
     * Empty when the client sent none (HTTP/1.0).
     */
    String host();

    void host(String host);

    /** The path, percent-decoded, always starting with {@code /} (or {@code *} for OPTIONS). */
    String path();

    /** The request-target exactly as received, for example {@code /a%20b?x=1}. */
    String rawTarget();

    /** The query string without the leading {@code ?}, still encoded; empty when there is none. */
    String queryString();

    /** Decoded query parameters in the order received; parsed once, on first use. */
    Map<String, List<String>> queryParameters();

    /** The first value of a query parameter, or {@code null}. */
    default String queryParameter(String name) {
        List<String> values = queryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Values bound by the router from the matched path template, for example {@code {id}}. */
    Map<String, String> pathParameters();

    /** The value bound to a path template variable, or {@code null}. */
    default String pathParameter(String name) {
        return pathParameters().get(name);
    }

    /** {@code HTTP/1.0}, {@code HTTP/1.1}, {@code HTTP/2} or {@code HTTP/3}. */
    String protocol();

    /** The request headers, as received (a live view, not a copy). */
    Headers headers();

    /** The declared body length, or {@code -1} when it is not known in advance. */
    long contentLength();

    /**
     * The body as a blocking stream with back-pressure: the client is not read from faster
     * than the application consumes. Reading past {@link #maxBodySize()} fails with
     * {@link BadHttpRequestException} (413).
     */
    InputStream body();

    /** Reads the whole remaining body. */
    default byte[] readAllBytes() throws IOException {
        return body().readAllBytes();
    }

    /** Reads the whole remaining body as text in the given charset. */
    default String readString(Charset charset) throws IOException {
        return new String(readAllBytes(), charset);
    }

    /** Reads the whole remaining body as UTF-8 text. */
    default String readString() throws IOException {
        return readString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Trailers sent after a chunked (or HTTP/2) body; empty until the body has been read. */
    Headers trailers();

    /** The body size limit for this request, or {@code -1} for no limit. */
    long maxBodySize();

    /**
     * Overrides {@link ServerLimits#maxRequestBodySize()} for this request; {@code -1} removes
     * the limit. Allowed only before the body has started to be read.
     *
     * @throws IllegalStateException if the body has already been read from
     */
    void maxBodySize(long bytes);

    /**
     * Overrides {@link ServerLimits#minRequestBodyDataRate()} for this request; {@code null}
     * disables it. Allowed only before the body has started to be read.
     */
    void minDataRate(DataRate rate);
}
