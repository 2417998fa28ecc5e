/**
 * The QUIC transport: Netty's native QUIC codec (quiche, with BoringSSL inside) on the UDP sockets
 * of the endpoint's socket transport, so that QUIC over epoll is epoll's datagram channels with
 * the QUIC codec on them. Its connections are multiplexed: the protocol that runs on them (HTTP/3)
 * accepts their streams. Unavailable where the native library cannot load, with Netty's cause as
 * the reason.
 */
package dev.harrier.transport.quic;
