package dev.harrier.tests.support;

/**
 * Something a test needs of a combination beyond serving HTTP: of its transport or of its wire
 * protocol. A test that names one ({@code @HttpTest(requires = ...)}) runs for exactly the
 * combinations that have it ({@link Combination#has}); it is never generated, rather than
 * skipped, for the others, and a capability no combination has fails the test instead.
 */
public enum Capability {

    /** Listens on Unix domain sockets: the transport's {@code supports(BindTarget.Unix)}. */
    UNIX_SOCKETS,

    /**
     * Listens on the operating system's TCP sockets: any address and family ({@code localhost}
     * on both loopbacks, {@code [::]}, {@code ::1}), reachable by other processes, in conflict
     * with other sockets on the same port, and delivering what was written before a close.
     * The in-memory transport only stands for TCP addresses, and Netty's in-memory channel can
     * drop the last bytes a server writes right before closing.
     */
    TCP_SOCKETS,

    /**
     * A client can end its sending direction and keep reading (TCP half-close). Not over TLS,
     * where the client ends its direction with close_notify: OpenSSL, the server's TLS by
     * default, closes both directions when it receives one (HttpsTest shows what each TLS
     * implementation does).
     */
    HALF_CLOSE,

    /**
     * A client that does not read holds the server's writes back (TCP flow control): the
     * in-memory transport queues whatever is written, so a slow reader never slows it.
     */
    FLOW_CONTROL,

    /**
     * The combination speaks HTTP/1.1 on the wire, in cleartext or over TLS (ALPN
     * {@code http/1.1}; on NIO only, see {@link Combination#has}), so a raw connection
     * ({@link ServerFixture#connect()}) can too: tests of HTTP/1.1's own format (request lines,
     * chunked framing, pipelining, 100-continue on raw sockets, connection headers) and tests
     * that drive the server with hand-written HTTP/1.1.
     */
    HTTP1_WIRE,

    /**
     * The combination speaks HTTP/2 on the wire, in cleartext (h2c, prior knowledge) or over TLS
     * (ALPN {@code h2}; on NIO only, see {@link Combination#has}), so frame-level peers reach it:
     * the python3-h2 peers ({@link H2Peer}, {@code h2/attack.py}) speak either way.
     */
    HTTP2_WIRE,

    /**
     * The combination speaks without TLS: the bytes a client writes are the ones the server's
     * HTTP codec reads. For what only cleartext has (h2c's prior knowledge and
     * {@code Upgrade: h2c}, a plain socket of the test's own), and for tests that choose their own
     * URLs or make their own TLS endpoints and clients: they take only the transport and the
     * scheduling of a combination, which a TLS combination would repeat.
     */
    CLEARTEXT_WIRE,

    /**
     * The combination speaks HTTP/2, in cleartext or over TLS (ALPN {@code h2}): peers that do
     * both (h2load, nghttp) reach it at {@link ServerFixture#uri}.
     */
    HTTP2,

    /**
     * Handlers run on request threads, where they may block ({@link Combination#handlersMayBlock}):
     * for tests of what a slow or blocking handler meets; inline handlers must not block.
     */
    BLOCKING_HANDLERS
}
