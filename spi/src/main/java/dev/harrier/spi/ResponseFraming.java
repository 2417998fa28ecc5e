package dev.harrier.spi;

import io.netty.util.AsciiString;

/**
 * What the kernel's response rules decided for one response, the same for every protocol: given
 * to {@link Exchange#sendHead}, it tells the protocol what to put in the head and whether a body
 * follows. The protocol frames the response by it and decides none of this itself.
 *
 * @param contentLength the {@code Content-Length} to send, or {@code -1} for none. The
 *                      application's own {@code Content-Length} field is never sent as it is:
 *                      this is the value it stands for where it stands
 * @param body          whether body bytes and trailers may follow the head: not for a response
 *                      to HEAD nor for 204, 205 and 304, whose body the kernel never passes on.
 *                      With a body and no length, the protocol marks the body's end its own way
 *                      (HTTP/1.1 chunked, HTTP/1.0 by closing the connection, HTTP/2 END_STREAM)
 * @param date          whether to add {@code Date} (the application set none)
 * @param server        whether to add {@code Server} with {@link #SERVER_NAME} (the server's option
 *                      is on and the application set none)
 */
public record ResponseFraming(long contentLength, boolean body, boolean date, boolean server) {

    /** The value of the {@code Server} field the server adds. */
    public static final AsciiString SERVER_NAME = AsciiString.cached("harrier");
}
