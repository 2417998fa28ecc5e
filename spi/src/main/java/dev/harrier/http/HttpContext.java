package dev.harrier.http;

import java.util.Map;

/**
 * Everything about one HTTP request and its response, whatever the HTTP version or transport.
 *
 * <p>A context belongs to one request; it must not be used after the pipeline has returned
 * for it unless the application has taken over the response (see {@link HttpResponse}).
 */
public interface HttpContext {

    HttpRequest request();

    HttpResponse response();

    /** The connection as this request sees it (a middleware may correct the remote address). */
    ConnectionInfo connection();

    /** Per-request state shared between middleware; a fresh, empty, mutable map per request. */
    Map<String, Object> items();

    /** Typed capabilities of this request (for example {@link HttpUpgradeFeature}). */
    Features features();

    /** Fires when the client goes away or the server aborts the request. */
    AbortSignal aborted();

    /** Aborts the request: the connection (HTTP/1.1) or the stream (HTTP/2, HTTP/3) is reset. */
    void abort();

    /** A server-unique identifier for this request, used in logs (Kestrel's TraceIdentifier). */
    String traceIdentifier();
}
