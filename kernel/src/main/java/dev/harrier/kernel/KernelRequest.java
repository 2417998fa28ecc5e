package dev.harrier.kernel;

import dev.harrier.http.BadHttpRequestException;
import dev.harrier.http.DataRate;
import dev.harrier.http.Headers;
import dev.harrier.http.HttpRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The kernel's {@link HttpRequest}: reads the exchange's head lazily, copying nothing up front. */
final class KernelRequest implements HttpRequest {

    private static final InputStream EMPTY = new ByteArrayInputStream(new byte[0]);
    private static final Headers NO_TRAILERS = new EmptyHeaders();

    private final RequestContext context;
    private String scheme;
    private String host;
    private String path;
    private String query;
    private Map<String, List<String>> queryParameters;
    private Map<String, String> pathParameters;
    /**
     * Set by the event loop before it ends the body: an application that has read the body to
     * its end sees them (the body's end is handed over with a happens-before edge).
     */
    private Headers trailers = NO_TRAILERS;
    private long maxBodySize;

    KernelRequest(RequestContext context, String scheme, long maxBodySize) {
        this.context = context;
        this.scheme = scheme;
        this.maxBodySize = maxBodySize;
    }

    @Override
    public String method() {
        return context.exchange.method();
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public void scheme(String scheme) {
        this.scheme = scheme;
    }

    @Override
    public String host() {
        if (host == null) {
            String authority = context.exchange.authority();
            host = authority == null ? "" : authority;
        }
        return host;
    }

    @Override
    public void host(String host) {
        this.host = host;
    }

    @Override
    public String path() {
        if (path == null) {
            splitTarget();
        }
        return path;
    }

    @Override
    public String rawTarget() {
        return context.exchange.rawTarget();
    }

    @Override
    public String queryString() {
        if (path == null) {
            splitTarget();
        }
        return query;
    }

    @Override
    public Map<String, List<String>> queryParameters() {
        if (queryParameters == null) {
            queryParameters = UrlDecoding.parseQuery(queryString());
        }
        return queryParameters;
    }

    @Override
    public Map<String, String> pathParameters() {
        if (pathParameters == null) {
            pathParameters = new HashMap<>(4);
        }
        return pathParameters;
    }

    @Override
    public String protocol() {
        return context.exchange.protocol();
    }

    @Override
    public Headers headers() {
        return context.exchange.requestHeaders();
    }

    @Override
    public long contentLength() {
        return context.exchange.contentLength();
    }

    @Override
    public InputStream body() {
        RequestBody body = context.inbound();
        return body == null ? EMPTY : body;
    }

    @Override
    public Headers trailers() {
        return trailers;
    }

    void trailers(Headers received) {
        if (received != null && !received.isEmpty()) {
            trailers = received;
        }
    }

    @Override
    public long maxBodySize() {
        return maxBodySize;
    }

    @Override
    public void maxBodySize(long bytes) {
        if (bytes < -1) {
            throw new IllegalArgumentException("maxBodySize must be -1 (no limit) or at least 0, was " + bytes);
        }
        RequestBody body = context.inbound();
        if (body != null) {
            body.limit(bytes);
        }
        maxBodySize = bytes;
    }

    @Override
    public void minDataRate(DataRate rate) {
        RequestBody body = context.inbound();
        if (body != null) {
            body.minRate(rate);
        }
    }

    /**
     * Splits the target into decoded path and raw query. An absolute-form target
     * ({@code http://host/path}) contributes only its path.
     */
    private void splitTarget() {
        String target = rawTarget();
        int start = 0;
        if (!target.startsWith("/") && !target.equals("*")) {
            int scheme = target.indexOf("://");
            if (scheme > 0) {
                int slash = target.indexOf('/', scheme + 3);
                int mark = target.indexOf('?', scheme + 3);
                start = slash < 0 || (mark >= 0 && mark < slash) ? -1 : slash;
                if (start < 0) {
                    path = "/";
                    query = mark < 0 ? "" : target.substring(mark + 1);
                    return;
                }
            }
        }
        int mark = target.indexOf('?', start);
        String rawPath = mark < 0 ? target.substring(start) : target.substring(start, mark);
        query = mark < 0 ? "" : target.substring(mark + 1);
        try {
            path = UrlDecoding.decodePath(rawPath);
        } catch (IllegalArgumentException e) {
            throw new BadHttpRequestException(400, "Invalid request target: " + e.getMessage());
        }
    }
}
