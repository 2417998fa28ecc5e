/**
 * HTTP/1.0 and HTTP/1.1 on Netty's codec. Requests of a connection are dispatched as soon as
 * their head is decoded (pipelining); the kernel runs them in order and their responses go
 * out in the same order. Keep-alive, chunked bodies both ways, {@code Expect: 100-continue}
 * (answered when the application first reads the body), absolute-form targets and the opaque
 * upgrade ({@code Connection: upgrade}) are handled here; a response is framed as the kernel's
 * response rules decided ({@link dev.harrier.spi.ResponseFraming}).
 */
package dev.harrier.protocol.http1;
