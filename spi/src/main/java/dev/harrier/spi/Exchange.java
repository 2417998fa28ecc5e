package dev.harrier.spi;

import dev.harrier.http.DataRate;
import dev.harrier.http.Headers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;

/**
 * One request and its response as a protocol presents it to the kernel, which wraps it as an
 * {@link dev.harrier.http.HttpContext}. Implemented by protocols; every method but the request
 * head accessors is called on {@link #eventLoop()}.
 *
 * <p>The response is sent as {@link #sendHead} once (optionally with the first body piece and
 * the end), then {@link #sendBody} until one of them says {@code end}; the end sends the
 * trailers if any were set and the framing allows. Writes are not flushed until
 * {@link #flush()}. {@link #responseHeaders()} and {@link #responseTrailers()} may be used from
 * the application's thread before the head, respectively the end, is sent.
 *
 * <p>The kernel applies the response rules of every protocol once, so a protocol may assume:
 * <ul>
 *   <li>the status of {@link #sendHead} is 200 to 999: informational responses are the
 *       protocol's own ({@code 100 Continue} from {@link #bodyRequested}, {@code 101} from
 *       {@link #switchProtocols});</li>
 *   <li>the {@link ResponseFraming} of {@link #sendHead} says the {@code Content-Length} to send,
 *       whether a body follows and whether to add {@code Date} and {@code Server}; the protocol
 *       leaves out the application's own {@code Content-Length} and the fields that its framing
 *       owns, and adds nothing else of its own accord;</li>
 *   <li>no body bytes come when the framing says there is no body (a response to HEAD, 204, 205,
 *       304): buffers given are then empty;</li>
 *   <li>with a body and a {@code Content-Length}, the body bytes add up to that length: the
 *       kernel fails a response whose application writes more or less, never starting it (a
 *       {@code 500} instead) or aborting it;</li>
 *   <li>trailers are to be sent only on a response with a body (HTTP/1.1 can carry them only
 *       when chunked).</li>
 * </ul>
 */
public interface Exchange {

    String method();

    /** The request-target as received. */
    String rawTarget();

    /** The authority of an absolute-form target, else the Host / :authority, else {@code null}. */
    String authority();

    /** {@code HTTP/1.0}, {@code HTTP/1.1}, {@code HTTP/2}, ... */
    String protocol();

    Headers requestHeaders();

    /** The declared body length; {@code -1} when unknown (chunked); {@code 0} for none. */
    long contentLength();

    /**
     * Called once, when the application first reads the body: a protocol sends
     * {@code 100 Continue} here if the client expects it.
     */
    void bodyRequested();

    /** The application has consumed this many body bytes: reading may resume / windows open. */
    void bodyConsumed(int bytes);

    /** The response headers, created on first use; mutable until {@link #sendHead}. */
    Headers responseHeaders();

    /** The response trailers, created on first use; sent by {@link #end}. */
    Headers responseTrailers();

    /**
     * Starts the response.
     *
     * @param status  the status code, 200 to 999
     * @param framing what the kernel's response rules decided for the head and the body
     * @param body    the first piece of body, or {@code null}; ownership passes to the protocol
     * @param end     whether this completes the response
     */
    void sendHead(int status, ResponseFraming framing, ByteBuf body, boolean end);

    /** Sends a piece of the body (may be empty); ownership of the buffer passes to the protocol. */
    void sendBody(ByteBuf body, boolean end);

    void flush();

    /** Whether the connection accepts more writes without exceeding the response buffer. */
    boolean isWritable();

    /**
     * Body bytes of this response written to the connection so far: taken by the operating
     * system, not merely queued for the client's flow-control window (HTTP/2) or the socket.
     * The kernel measures how fast the client reads by it ({@code minResponseDataRate}) while
     * the application waits to write, and may ask from any thread; a body sent whole with the
     * head ({@link #sendHead} with {@code end}) need not be counted.
     */
    long responseBytesSent();

    /**
     * The application set the minimum rate at which the client must take this response
     * ({@code null}: none) in place of the server's. A protocol that holds response data back
     * for the client itself, as HTTP/2 does behind its flow-control windows, applies it there;
     * the default does nothing.
     */
    default void minResponseDataRate(DataRate rate) {
    }

    /**
     * The rest of the request is not wanted once this response is complete: HTTP/1.x closes the
     * connection then; HTTP/2 resets a stream whose request body is still arriving
     * (RST_STREAM with NO_ERROR), HTTP/3 stops it (STOP_SENDING with H3_NO_ERROR); both keep the
     * connection.
     */
    void closeAfterResponse();

    /**
     * Resets the exchange (HTTP/1.x: closes the connection; HTTP/2: resets the stream with
     * INTERNAL_ERROR; HTTP/3: with H3_REQUEST_CANCELLED) and releases what it holds.
     */
    void abort(Throwable cause);

    /**
     * Whether the request asks to switch protocols and this protocol can hand over the raw
     * connection; see {@link #switchProtocols()}.
     */
    boolean upgradable();

    /**
     * Sends {@code 101 Switching Protocols} with the response headers and from then on carries
     * raw bytes: inbound through {@link ExchangeListener#onBody}, outbound through
     * {@link #sendBody}; the end closes the connection.
     */
    void switchProtocols();

    EventLoop eventLoop();

    ByteBufAllocator alloc();
}
