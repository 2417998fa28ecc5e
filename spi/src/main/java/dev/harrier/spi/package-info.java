/**
 * The extension SPI of Harrier: what a transport (socket back-end) and a protocol (HTTP
 * version) implement, and the exchange contract through which a protocol hands each request
 * to the kernel.
 *
 * <p>Providers are found with {@link java.util.ServiceLoader} (or an OSGi service registry):
 * register a {@link dev.harrier.spi.TransportProvider} or {@link dev.harrier.spi.ProtocolProvider}
 * in {@code META-INF/services}. Unlike {@link dev.harrier.http}, this package speaks Netty.
 *
 * <h2>Threading</h2>
 * Every {@link dev.harrier.spi.Exchange} method is called by the kernel on the exchange's
 * {@link dev.harrier.spi.Exchange#eventLoop() event loop}, and every
 * {@link dev.harrier.spi.ExchangeListener} method is called by the protocol on that same loop.
 * The kernel moves work between the application's threads and the loop; protocols never
 * synchronise.
 */
package dev.harrier.spi;
