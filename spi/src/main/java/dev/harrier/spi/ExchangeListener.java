package dev.harrier.spi;

import dev.harrier.http.Headers;
import io.netty.buffer.ByteBuf;

/** The kernel's side of an {@link Exchange}: the protocol reports request events to it. */
public interface ExchangeListener {

    /** A piece of the request body; the listener takes ownership of the buffer. */
    void onBody(ByteBuf content);

    /** The request body is complete; {@code trailers} may be empty but not {@code null}. */
    void onBodyEnd(Headers trailers);

    /** The client went away or the exchange failed; no further events follow. */
    void onAbort(Throwable cause);

    /** The connection's writability changed (see {@link Exchange#isWritable()}). */
    void onWritabilityChanged();
}
