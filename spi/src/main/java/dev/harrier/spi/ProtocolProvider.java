package dev.harrier.spi;

import dev.harrier.http.Headers;
import io.netty.channel.Channel;
import java.util.List;

/**
 * A protocol, found by {@link java.util.ServiceLoader}. It declares how connections come to it —
 * the kind of connection it runs on, its ALPN ids, a first-bytes detector, its place in the order
 * of preference — and the kernel chooses among the protocols of an endpoint from those alone.
 * Once chosen, it installs its codecs on the connection and turns every request into an
 * {@link Exchange} for the kernel.
 *
 * <p>HTTP/2, say, declares
 * <pre>{@code
 * name()           "Http2"                       // protocols=Http1AndHttp2
 * servedByDefault() true                         // where an endpoint names no protocols
 * connectionKind() ConnectionKind.STREAM
 * alpnIds()        List.of("h2")
 * order()          20                            // offered and asked before Http1 (30)
 * firstBytes()     bytes -> preface match         // h2c with prior knowledge
 * upgradeToken()   "h2c"                         // Upgrade: h2c from HTTP/1.1
 * }</pre>
 *
 * <p><b>How a stream connection finds its protocol.</b> On TLS, the client's ALPN choice among
 * the ids the endpoint offers (those of its protocols, in {@link #order()}) decides; a client that
 * negotiated none gets the endpoint's first protocol without a {@link #firstBytes()} detector
 * (HTTP/1.1), or is closed when there is none (HTTP/2 requires ALPN on TLS). On cleartext, an
 * endpoint that serves a single stream protocol gives it every connection; one that serves
 * several asks those with a detector, in order, about the first bytes: the first to recognise
 * them takes the connection, one that needs more bytes makes the kernel wait for them. When none
 * recognises them, the first protocol without a detector takes them (HTTP/1.1, which answers what
 * it cannot parse with {@code 400}); an endpoint without such a protocol closes the connection.
 *
 * <p>A protocol of {@link ConnectionKind#MULTIPLEXED multiplexed} connections (HTTP/3 over QUIC)
 * owns its whole connection: it is installed on the connection's channel and accepts its
 * streams itself.
 */
public interface ProtocolProvider {

    /**
     * The name the protocol answers to in configuration, such as {@code Http1}, {@code Http2} or
     * {@code Http3}: letters and digits, without the word {@code And}, which joins names
     * ({@code protocols=Http1AndHttp2}). Matched ignoring case.
     */
    String name();

    /**
     * Whether endpoints that name no protocols serve this one; {@code false} by default. As in
     * Kestrel, whose default is {@code Http1AndHttp2}: HTTP/1.1 and HTTP/2 say yes, HTTP/3 and
     * extensions are served where an endpoint names them.
     */
    default boolean servedByDefault() {
        return false;
    }

    /** The kind of connection the protocol runs on; {@link ConnectionKind#STREAM} by default. */
    default ConnectionKind connectionKind() {
        return ConnectionKind.STREAM;
    }

    /** The ALPN protocol ids, most preferred first (HTTP/1.1: {@code http/1.1}); may be empty. */
    List<String> alpnIds();

    /**
     * The protocol's place among an endpoint's protocols: lower comes first in the ALPN ids the
     * server offers and in first-bytes detection.
     */
    int order();

    /**
     * Recognises the protocol by a connection's first bytes, or {@code null} (the default) when
     * it cannot: such a protocol takes what no detector recognises.
     */
    default FirstBytes firstBytes() {
        return null;
    }

    /**
     * Whether one connection carries concurrent exchanges (HTTP/2 and HTTP/3 streams). When it
     * does not, the kernel runs a connection's exchanges one after another in arrival order.
     */
    boolean concurrentExchanges();

    /** Installs the protocol's handlers on a connection that has chosen it. */
    void install(Channel channel, ServerConnection connection);

    /**
     * The HTTP/1.1 {@code Upgrade} token by which a cleartext connection can switch to this
     * protocol (HTTP/2: {@code h2c}), or {@code null} (the default) when it cannot.
     */
    default String upgradeToken() {
        return null;
    }

    /**
     * Whether a request asking to switch to this protocol carries what the switch needs, checked
     * before {@code 101 Switching Protocols} is sent (HTTP/2: one valid {@code HTTP2-Settings}
     * field, named in {@code Connection}). When not, the request is served by HTTP/1.1.
     */
    default boolean acceptsUpgrade(Headers requestHeaders) {
        return false;
    }

    /**
     * Takes over a connection that switched to this protocol: HTTP/1.1 has sent
     * {@code 101 Switching Protocols} and left the pipeline. The request becomes this
     * protocol's first exchange (HTTP/2: stream 1).
     *
     * @throws UnsupportedOperationException when {@link #upgradeToken()} is {@code null}
     */
    default void installUpgraded(Channel channel, ServerConnection connection, UpgradeRequest request) {
        throw new UnsupportedOperationException(name() + " cannot be reached by an HTTP/1.1 Upgrade");
    }
}
