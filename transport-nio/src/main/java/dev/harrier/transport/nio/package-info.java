/**
 * The NIO transport: Netty's portable JDK-NIO channels, available on every platform. Serves
 * TCP and Unix domain sockets; the fallback when no native transport loads.
 */
package dev.harrier.transport.nio;
