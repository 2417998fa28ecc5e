/**
 * The extension SPI of Harrier: what a transport (socket back-end), a protocol (HTTP version), a
 * TLS layer and other connection layers implement, and the exchange contract through which a
 * protocol hands each request to the kernel. Unlike {@link dev.harrier.http}, this package speaks
 * Netty.
 *
 * <p>Providers are found with {@link java.util.ServiceLoader} (register a
 * {@link dev.harrier.spi.TransportProvider}, {@link dev.harrier.spi.ProtocolProvider} or
 * {@link dev.harrier.spi.TlsLayerProvider} in {@code META-INF/services}), or fed to a live
 * registry while the server runs (an OSGi framework's bundles).
 *
 * <h2>Two kinds of connection</h2>
 * A {@link dev.harrier.spi.Transport} binds a {@link dev.harrier.spi.BindTarget} into a
 * {@link dev.harrier.spi.Listener} and hands every connection it accepts to the kernel as a
 * {@link dev.harrier.spi.TransportConnection} of one of two {@link dev.harrier.spi.ConnectionKind}s:
 * <ul>
 * <li>a <b>stream</b> connection is one byte stream (TCP, a Unix socket, an in-memory pipe): the
 *     kernel applies the endpoint's {@link dev.harrier.spi.ConnectionLayer}s (TLS), then the
 *     protocol chosen by ALPN or by the first bytes reads it;
 * <pre>{@code
 * Listener listener = transport.listen(new BindTarget.Tcp(address), socketOptions,
 *         connection -> kernel.accept(connection));   // connection.kind() == STREAM
 * }</pre>
 * <li>a <b>multiplexed</b> connection carries streams of its own (QUIC over the UDP sockets a
 *     socket transport supplies, {@link dev.harrier.spi.Transport#datagrams()}): its protocol
 *     (HTTP/3) owns the whole connection and accepts the streams; it reports both transports, as
 *     {@code quic over epoll}.
 * <pre>{@code
 * Channel udp = socketTransport.datagrams().bind(address, socketOptions, quicCodec);
 * // each QUIC connection the codec accepts: a TransportConnection of kind MULTIPLEXED
 * }</pre>
 * </ul>
 *
 * <h2>How a protocol is chosen</h2>
 * A {@link dev.harrier.spi.ProtocolProvider} declares its configuration name, the connection kind
 * it runs on, its ALPN ids, its order and, optionally, a {@link dev.harrier.spi.FirstBytes}
 * detector; the kernel chooses among an endpoint's protocols from that alone:
 * <pre>{@code
 * name() "Http2"   alpnIds() ["h2"]         order() 20   firstBytes() preface -> RECOGNISED
 * name() "Http1"   alpnIds() ["http/1.1"]   order() 30   firstBytes() null (takes the rest)
 * // protocols=Http1AndHttp2: TLS offers h2, http/1.1; a cleartext port tells them apart by the preface
 * }</pre>
 *
 * <h2>Threading</h2>
 * Every {@link dev.harrier.spi.Exchange} method is called by the kernel on the exchange's
 * {@link dev.harrier.spi.Exchange#eventLoop() event loop}, and every
 * {@link dev.harrier.spi.ExchangeListener} method is called by the protocol on that same loop.
 * The kernel moves work between the application's threads and the loop; protocols never
 * synchronise.
 */
package dev.harrier.spi;
