/**
 * The io_uring transport: Netty's native Linux io_uring channels. Serves TCP and Unix domain
 * sockets and supports {@code SO_REUSEPORT}; unavailable on kernels without io_uring (or with
 * it disabled) and when the native library cannot load, with Netty's cause as the reason.
 */
package dev.harrier.transport.iouring;
