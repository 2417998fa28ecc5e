package dev.harrier.http;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The response side of an {@link HttpContext}.
 *
 * <p>The status and headers may change until the response has started
 * ({@link #hasStarted()}): the first body write, {@link #flush()} or {@link #send} sends them.
 * A response that the pipeline returns without completing is completed by the server.
 */
public interface HttpResponse {

    int status();

    /** Sets the status code (100-999 excluding informational codes below 200, except 101). */
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
     * Sends the whole response body and completes the response. The array is sent as it is,
     * not copied: do not change it afterwards.
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
     * response completes. HTTP/1.1 sends trailers only on a chunked response.
     */
    Headers trailers();

    /** Completes the response: sends what remains, trailers included. Idempotent. */
    void complete() throws java.io.IOException;

    /** Whether the response has been completed. */
    boolean isCompleted();

    /** Overrides {@link ServerLimits#minResponseDataRate()} for this response; {@code null} disables it. */
    void minDataRate(DataRate rate);
}
