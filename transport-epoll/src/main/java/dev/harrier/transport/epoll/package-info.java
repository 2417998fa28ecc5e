/**
 * The epoll transport: Netty's native Linux epoll channels. Serves TCP and Unix domain
 * sockets and supports {@code SO_REUSEPORT}; unavailable off Linux or when the native library
 * cannot load, with Netty's cause as the reason.
 */
package dev.harrier.transport.epoll;
