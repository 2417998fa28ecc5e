package dev.harrier.kernel;

import dev.harrier.http.DataRate;
import dev.harrier.http.Headers;
import dev.harrier.http.HttpResponse;
import dev.harrier.http.RequestAbortedException;
import dev.harrier.spi.ResponseFraming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The kernel's {@link HttpResponse}. Small writes are gathered in one buffer and sent in
 * pieces of {@value #PIECE} bytes; a writer waits while the connection is not writable
 * (back-pressure) and fails once the request is aborted. {@link ResponseRules} decide the head
 * as it goes out and hold the body to the handler's {@code Content-Length}; the body of a
 * response without one (HEAD, 204, 205, 304) is dropped here, so no protocol sees it.
 */
final class KernelResponse extends OutputStream implements HttpResponse {

    private static final int PIECE = 8 * 1024;
    private static final AsciiString CONTENT_TYPE = AsciiString.cached("content-type");
    private static final AsciiString TEXT_PLAIN_UTF8 = AsciiString.cached("text/plain; charset=utf-8");
    private static final AsciiString ALT_SVC = AsciiString.cached("alt-svc");
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KernelResponse.class);

    private final RequestContext context;
    private int status = 200;

    private Headers headers;
    private boolean started;
    private boolean completed;
    private ByteBuf pending;
    /** Body bytes the application has written, sent or dropped. */
    private long written;
    /** The most body bytes the response may carry once its head is out (-1: any); see {@link #limit()}. */
    private long limit = -1;
    /** Whether the response, its head out, has no body: what the application writes is dropped. */
    private boolean bodyless;
    private DataRate minRate;
    /** Back-pressure for a streamed response; {@code null} until the response streams. */
    private volatile WriteGate gate;

    KernelResponse(RequestContext context) {
        this.context = context;
        this.minRate = context.connection.limits().minResponseDataRate();
    }

    @Override
    public void minDataRate(DataRate rate) {
        minRate = rate;
        WriteGate current = gate;
        if (current != null) {
            current.minRate(rate);
        }
        context.loop.execute(() -> context.exchange.minResponseDataRate(rate));
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public HttpResponse status(int code) {
        ResponseRules.checkStatus(code);
        ensureNotStarted("set the status");
        status = code;
        return this;
    }

    @Override
    public Headers headers() {
        if (headers == null) {
            headers = context.exchange.responseHeaders();
        }
        return headers;
    }

    @Override
    public boolean hasStarted() {
        return started;
    }

    @Override
    public boolean isCompleted() {
        return completed;
    }

    @Override
    public void send(String text) {
        Headers fields = headers();
        if (!fields.contains(CONTENT_TYPE)) {
            fields.set(CONTENT_TYPE, TEXT_PLAIN_UTF8);
        }
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends the array as the whole body, without copying it: the protocol's encoder copies a
     * small body next to the head, and the socket takes a large one from where it is.
     */
    @Override
    public void send(byte[] body) {
        ensureNotStarted("send a response");
        if (written > 0) {
            throw new IllegalStateException("Cannot send a response: its body has been written to already (complete() ends it)");
        }
        ResponseFraming framing = head(body.length, true);
        ResponseRules.checkComplete(body.length, limit, headRequest());
        started = true;
        completed = true;
        int code = status;
        ByteBuf content = framing.body() && body.length > 0 ? Unpooled.wrappedBuffer(body) : null;
        context.loop.execute(() -> {
            if (context.isAborted()) {
                if (content != null) {
                    content.release();
                }
                return;
            }
            context.exchange.sendHead(code, framing, content, true);
            context.loop.flush(context.exchange);
        });
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        ensureOpen();
        ResponseRules.checkWrite(written + length, limit());
        written += length;
        while (length > 0) {
            if (pending == null) {
                pending = context.exchange.alloc().buffer(PIECE);
            }
            int n = Math.min(length, pending.maxWritableBytes());
            n = Math.min(n, PIECE - pending.readableBytes());
            pending.writeBytes(bytes, offset, n);
            offset += n;
            length -= n;
            if (pending.readableBytes() >= PIECE) {
                sendPending(false, false);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        sendPending(false, true);
    }

    @Override
    public OutputStream body() {
        return this;
    }

    @Override
    public Headers trailers() {
        return context.exchange.responseTrailers();
    }

    @Override
    public void complete() throws IOException {
        if (completed) {
            return;
        }
        if (context.isAborted()) {
            completed = true;
            releasePending();
            throw aborted();
        }
        ResponseRules.checkComplete(written, limit(), headRequest());
        sendPending(true, true);
    }

    @Override
    public void close() throws IOException {
        complete();
    }

    // ---- kernel side ----

    /**
     * The protocol has answered {@code 101 Switching Protocols}: what follows is the new
     * protocol's bytes, which no response rule applies to.
     */
    void switchedProtocols() {
        status = 101;
        started = true;
        limit = -1;
        bodyless = false;
    }

    /**
     * Fails a response that the pipeline returned from without completing it, short of its
     * {@code Content-Length}; the caller answers the failure as any other of the application's.
     */
    void checkReturned() {
        if (!completed && !context.isAborted()) {
            ResponseRules.checkComplete(written, limit(), headRequest());
        }
    }

    /** Completes the response after the pipeline returned; never throws. */
    void finish() {
        if (completed) {
            return;
        }
        if (context.isAborted()) {
            completed = true;
            releasePending();
            return;
        }
        try {
            sendPending(true, true);
        } catch (IOException e) {
            releasePending();
        }
    }

    /**
     * Answers with an empty error response if nothing was sent yet (without the handler's headers
     * and trailers), else aborts; a response already sent in full stays as it is.
     */
    void fail(int code) {
        if (completed) {
            return;
        }
        if (started) {
            context.abort();
            completed = true;
            releasePending();
            return;
        }
        releasePending();
        written = 0;
        status = code;
        java.util.List.copyOf(headers().names()).forEach(headers::remove);
        Headers trailers = context.exchange.responseTrailers();
        java.util.List.copyOf(trailers.names()).forEach(trailers::remove);
        if (code >= 500 || code == 413 || code == 408) {
            context.loop.execute(context.exchange::closeAfterResponse);
        }
        send(new byte[0]);
    }

    void onWritabilityChanged() {
        WriteGate current = gate;
        if (current != null) {
            current.signal();
        }
    }

    void onAbort() {
        onWritabilityChanged();
    }

    // ---- internals ----

    private void sendPending(boolean end, boolean flush) throws IOException {
        ByteBuf piece = pending != null ? pending : (end ? Unpooled.EMPTY_BUFFER : null);
        pending = null;
        if (piece == null && !flush) {
            return;
        }
        ResponseFraming framing;
        if (started) {
            framing = null;
        } else {
            try {
                framing = head(written, end);
            } catch (IllegalStateException e) {
                if (piece != null) {
                    piece.release();
                }
                throw e;
            }
        }
        if (bodyless && piece != null) {
            piece.release(); // no body goes out: HEAD, 204, 205, 304
            piece = null;
        }
        ByteBuf content = piece == null ? Unpooled.EMPTY_BUFFER : piece;
        int size = content.readableBytes();
        WriteGate writeGate = size > 0 || !end ? gate() : null;
        if (writeGate != null) {
            awaitWritable(writeGate, content);
            writeGate.handing(size);
        }
        started = true;
        completed = end;
        int code = status;
        context.loop.execute(() -> {
            try {
                if (context.isAborted()) {
                    content.release();
                    return;
                }
                if (framing != null) {
                    context.exchange.sendHead(code, framing, content, end);
                } else {
                    context.exchange.sendBody(content, end);
                }
                // A writer that waits for writability waits for these bytes to leave: they must be
                // flushed, or the connection never becomes writable again.
                if (flush || !context.exchange.isWritable()) {
                    context.loop.flush(context.exchange);
                }
            } finally {
                // Only now: the protocol counts them as pending, so they never look sent early.
                if (writeGate != null) {
                    writeGate.taken(size);
                }
            }
        });
    }

    /**
     * Decides the head by the rules as it is about to go out, and with it the body's limit and
     * whether the body is dropped.
     *
     * @param bodyWritten the body bytes written so far
     * @param whole       whether they are the whole body, going out with the head
     */
    private ResponseFraming head(long bodyWritten, boolean whole) {
        String altSvc = context.connection.altSvc();
        if (altSvc != null && !headers().contains(ALT_SVC)) {
            headers.set(ALT_SVC, altSvc);
        }
        ResponseFraming framing = ResponseRules.framing(status, headRequest(), headers, bodyWritten, whole,
                context.connection.addServerHeader());
        limit = ResponseRules.bodyLimit(status, framing.contentLength());
        bodyless = !framing.body();
        return framing;
    }

    /**
     * The most body bytes the response may carry (-1: any): fixed once its head is out, until then
     * the handler's {@code Content-Length} as it stands.
     */
    private long limit() {
        return started ? limit : ResponseRules.bodyLimit(status, ResponseRules.declaredLength(headers));
    }

    private boolean headRequest() {
        return "HEAD".equals(context.exchange.method());
    }

    private WriteGate gate() {
        WriteGate current = gate;
        if (current == null) {
            long max = context.connection.limits().maxResponseBufferSize();
            current = new WriteGate(context, max < 0 ? Long.MAX_VALUE : Math.max(max, PIECE), minRate);
            gate = current;
        }
        return current;
    }

    /** Waits for the gate; when the client is too slow or gone, drops the piece and fails. */
    private void awaitWritable(WriteGate writeGate, ByteBuf piece) throws IOException {
        if (!writeGate.awaitWritable()) {
            context.connection.server().counters().slowResponses.incrementAndGet();
            LOG.info("Request {} aborted: the client read its response slower than the minimum data rate",
                    context.traceIdentifier());
            context.abort();
        } else if (!context.isAborted()) {
            return;
        }
        piece.release();
        completed = true;
        throw aborted();
    }

    private void ensureOpen() throws IOException {
        if (completed) {
            throw new IOException("The response is already complete");
        }
        if (context.isAborted()) {
            throw aborted();
        }
    }

    private void ensureNotStarted(String action) {
        if (started) {
            throw new IllegalStateException("Cannot " + action + ": the response has already started");
        }
    }

    private void releasePending() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    private RequestAbortedException aborted() {
        return new RequestAbortedException("The request was aborted", null);
    }
}
