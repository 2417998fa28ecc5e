package dev.harrier.http;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The response side of an {@link HttpContext}.
 *
 * <p>The status and headers may change until the response has started
 * ({@link #hasStarted()}): {@link #flush()}, {@link #send} or enough written body sends them.
 * A response that the pipeline returns without completing is completed by the server.
 *
 * <p>The server applies the same rules on every protocol. A 204, 205 or 304 response, and any
 * response to HEAD, has no body: what is written or sent is dropped (HEAD gets the
 * {@code Content-Length} of the body sent whole). A {@code Content-Length} set here binds the
 * body: a write beyond it fails with an {@link IllegalStateException}, and so does completing
 * the response short of it ({@code send}, {@link #complete()}, or returning from the pipeline);
 * the response is then a 500 if it has not started, else aborted. {@code Date} and
 * {@code Server} are added unless set here.
 */
public interface HttpResponse {

    int status();

    /**
     * Sets the status code, 200-999. Informational statuses are the server's own and throw
     * {@link IllegalArgumentException}: {@code 100 Continue} goes out when the body is first read,
     * {@code 101 Switching Protocols} through {@link HttpUpgradeFeature#upgrade()}.
     */
    HttpResponse status(int status);

    /** The response headers; mutable until the response has started. */
    Headers headers();

    /** Sets {@code Content-Type}. */
    default HttpResponse contentType(String contentType) {
        headers().set("content-type", contentType);
        return this;
    }

    /** Whether the status line and headers have been sent. */
    boolean hasStarted();

    /**
     * Sends the whole response body and completes the response; not after a body write, which
     * {@link #complete()} ends instead ({@link IllegalStateException}). The array is sent as it
     * is, not copied: do not change it afterwards.
     */
    void send(byte[] body);

    /**
     * Sends text as the whole body (UTF-8) and completes the response; sets
     * {@code Content-Type: text/plain; charset=utf-8} unless a content type is already set.
     */
    void send(String text);

    /** Sets the status and sends text as the whole body. */
    default void send(int status, String text) {
        status(status);
        send(text);
    }

    /**
     * Writes part of the body, starting the response if needed. Blocks while the client is
     * slower than the application (back-pressure); fails with an {@link java.io.IOException}
     * once the request has been aborted.
     */
    void write(byte[] bytes, int offset, int length) throws java.io.IOException;

    default void write(byte[] bytes) throws java.io.IOException {
        write(bytes, 0, bytes.length);
    }

    default void write(String text) throws java.io.IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends what has been written so far (starting the response if needed). */
    void flush() throws java.io.IOException;

    /** The body as a stream; closing it completes the response. */
    OutputStream body();

    /**
     * Trailers to send after the body (chunked HTTP/1.1, HTTP/2, HTTP/3); set them before the
     * response completes. A response without a body sends none, and HTTP/1.1 sends trailers only
     * on a chunked response.
     */
    Headers trailers();

    /** Completes the response: sends what remains, trailers included. Idempotent. */
    void complete() throws java.io.IOException;

    /** Whether the response has been completed. */
    boolean isCompleted();

    /** Overrides {@link ServerLimits#minResponseDataRate()} for this response; {@code null} disables it. */
    void minDataRate(DataRate rate);
}
