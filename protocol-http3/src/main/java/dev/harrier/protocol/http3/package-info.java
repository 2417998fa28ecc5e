/**
 * HTTP/3 ({@code Http3}, ALPN {@code h3}) on Netty's HTTP/3 codec over the multiplexed connections
 * of a QUIC transport: the protocol owns each QUIC connection, and every request stream becomes
 * one exchange for the kernel, with the request-head rules and field-section view HTTP/2 uses.
 */
package dev.harrier.protocol.http3;
