package dev.harrier.kernel;

import dev.harrier.http.DataRate;
import dev.harrier.http.Headers;
import dev.harrier.http.HttpResponse;
import dev.harrier.http.RequestAbortedException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The kernel's {@link HttpResponse}. Small writes are gathered in one buffer and sent in
 * pieces of {@value #PIECE} bytes; a writer waits while the connection is not writable
 * (back-pressure) and fails once the request is aborted.
 */
final class KernelResponse extends OutputStream implements HttpResponse {

    private static final int PIECE = 8 * 1024;
    private static final AsciiString CONTENT_TYPE = AsciiString.cached("content-type");
    private static final AsciiString TEXT_PLAIN_UTF8 = AsciiString.cached("text/plain; charset=utf-8");
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KernelResponse.class);

    private final RequestContext context;
    private int status = 200;
    private Headers headers;
    private boolean started;
    private boolean completed;
    private ByteBuf pending;
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
        if (code < 100 || code > 999 || (code < 200 && code != 101)) {
            throw new IllegalArgumentException("Invalid response status " + code);
        }
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
        sendWhole(Unpooled.wrappedBuffer(body));
    }

    /** Sends the head and the whole body in one write, completing the response. */
    private void sendWhole(ByteBuf content) {
        started = true;
        completed = true;
        int code = status;
        context.loop.execute(() -> {
            if (context.isAborted()) {
                content.release();
                return;
            }
            context.exchange.sendHead(code, content, true);
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
        sendPending(true, true);
    }

    @Override
    public void close() throws IOException {
        complete();
    }

    // ---- kernel side ----

    /** The head went out by other means (101 Switching Protocols): what follows is body. */
    void markStarted() {
        started = true;
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

    /** Answers with an empty error response if nothing was sent yet, else aborts. */
    void fail(int code) {
        if (started) {
            context.abort();
            completed = true;
            releasePending();
            return;
        }
        releasePending();
        status = code;
        java.util.List.copyOf(headers().names()).forEach(headers::remove);
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
        ByteBuf content = piece == null ? Unpooled.EMPTY_BUFFER : piece;
        int size = content.readableBytes();
        WriteGate writeGate = size > 0 || !end ? gate() : null;
        if (writeGate != null) {
            awaitWritable(writeGate, content);
            writeGate.handing(size);
        }
        boolean head = !started;
        started = true;
        completed = end;
        int code = status;
        context.loop.execute(() -> {
            try {
                if (context.isAborted()) {
                    content.release();
                    return;
                }
                if (head) {
                    context.exchange.sendHead(code, content, end);
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
