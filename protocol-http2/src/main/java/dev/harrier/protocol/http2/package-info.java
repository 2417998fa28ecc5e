/**
 * HTTP/2 on Netty's frame codec, with one exchange per stream served from the connection's own
 * pipeline (no channel per stream).
 *
 * <p>Cleartext connections arrive with prior knowledge (the kernel recognises the connection
 * preface) or by an HTTP/1.1 {@code Upgrade: h2c} request, which becomes stream 1; TLS
 * connections by ALPN {@code h2}.
 *
 * <p>Flow control follows the application: a stream's window is reopened for the body bytes the
 * application has consumed, not as frames arrive, so at most the stream window is held per
 * stream and the connection window per connection. Response writes follow the stream's
 * writability, which accounts for the client's window. Resets go both ways: RST_STREAM from the
 * client aborts the request; an aborted request resets its stream and leaves the connection
 * open. A graceful stop sends GOAWAY, serves the streams in flight and refuses new ones.
 */
package dev.harrier.protocol.http2;
