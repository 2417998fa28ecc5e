package dev.harrier.protocol.http1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;
import java.util.List;

/**
 * Netty's request decoder, refusing obsolete line folding: a header line that starts with a
 * space or tab is a 400, never joined to the previous value (RFC 9112 lets a server reject it,
 * and a server that joins it can disagree with a proxy about the headers).
 *
 * <p>While a request head is being decoded, the unparsed part of it is checked for a line
 * that begins with whitespace before Netty reads it, in one pass over the head's bytes.
 *
 * <p>The request line is held to RFC 9112 where Netty is lenient: the protocol name is the
 * case-sensitive {@code HTTP}, and the target contains no control characters (Netty would
 * hand a NUL or an escape character in the path to the application).
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

    private final Http1Timeouts timeouts;
    private boolean inHead = true;
    /** Whether Netty has already consumed part of the current head beyond leading blank lines. */
    private boolean headStarted;
    private boolean rejected;
    private final FoldScan foldScan = new FoldScan();

    StrictRequestDecoder(HttpDecoderConfig config, Http1Timeouts timeouts) {
        super(config);
        this.timeouts = timeouts;
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
        String target = initialLine[1];
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c < 0x21 || c == 0x7f) {
                throw new IllegalArgumentException("control character in the request target");
            }
        }
        if (!initialLine[2].startsWith("HTTP/")) {
            throw new IllegalArgumentException("the protocol name is not HTTP");
        }
        return super.createMessage(initialLine);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (rejected) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        timeouts.bytesArrived();
        if (inHead && hasFoldedLine(buffer, headStarted)) {
            rejected = true;
            buffer.skipBytes(buffer.readableBytes());
            HttpMessage invalid = createInvalidMessage();
            invalid.setDecoderResult(DecoderResult.failure(
                    new IllegalArgumentException("obsolete line folding in the request head")));
            out.add(invalid);
            return;
        }
        int before = out.size();
        int consumedFrom = buffer.readerIndex();
        super.decode(ctx, buffer, out);
        for (int i = before; i < out.size(); i++) {
            Object message = out.get(i);
            if (message instanceof HttpRequest) {
                inHead = false;
            }
            if (message instanceof LastHttpContent) {
                inHead = true;
                headStarted = false;
                return;
            }
        }
        if (inHead && !headStarted) {
            headStarted = hasContent(buffer, consumedFrom, buffer.readerIndex());
        }
    }

    private static boolean hasContent(ByteBuf buffer, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = buffer.getByte(i);
            if (b != '\r' && b != '\n') {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a line of the head still unparsed starts with SP or HTAB, in one pass over its
     * bytes. The scan stops at the blank line that ends the head; before the request line,
     * blank lines are allowed.
     */
    private boolean hasFoldedLine(ByteBuf buffer, boolean headStarted) {
        foldScan.start(headStarted);
        buffer.forEachByte(buffer.readerIndex(), buffer.readableBytes(), foldScan);
        return foldScan.folded;
    }

    /** Looks at the first byte of every line up to the end of the head. */
    private static final class FoldScan implements ByteProcessor {
        private boolean seenContent;
        private int lineLength;
        private byte first;
        boolean folded;

        void start(boolean headStarted) {
            seenContent = headStarted;
            lineLength = 0;
            folded = false;
        }

        @Override
        public boolean process(byte value) {
            if (value == '\n') {
                boolean blank = lineLength == 0 || (lineLength == 1 && first == '\r');
                if (blank && seenContent) {
                    return false; // the end of the head
                }
                seenContent |= !blank;
                lineLength = 0;
                return true;
            }
            if (lineLength == 0) {
                if ((value == ' ' || value == '\t') && seenContent) {
                    folded = true;
                    return false;
                }
                first = value;
            }
            lineLength++;
            return true;
        }
    }
}
